"""What screens and widgets of every frontdesk app share."""

from __future__ import annotations

from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerState

from appbase.messages import WorkFailed


class ReportsWorkerFailures:
    """Mixin for a screen or widget that owns workers: an unexpected failure goes up.

    Textual tells only the worker's own node when it fails; this turns that into a
    `WorkFailed` message that bubbles to the app, which logs it once with a reference
    and shows the person a sentence. Expected refusals (a rule saying no, the database
    being offline) are handled by the worker itself and never get here.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Pass an errored worker's failure up to the app."""
        worker = event.worker
        failed = event.state == WorkerState.ERROR and worker.error is not None
        if failed and isinstance(self, MessagePump) and worker.error is not None:
            self.post_message(WorkFailed(worker.name or worker.group, worker.error))
