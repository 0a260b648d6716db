"""Handing a thread worker's result to the event loop, safely while the app closes.

Textual's `call_from_thread` blocks the thread until the event loop has run the call.
A worker still reading the database as its app closes then gives its result to an app
that has no screens left (the call raises in the worker's thread), or, where the event
loop has stopped too, leaves a coroutine that never ran (Python's "coroutine ... was
never awaited"). `call_soon_from_worker` posts the call as a message instead, and
`post_from_worker` a message of the worker's own: a closing app or screen simply does
not take it, and a closed loop's refusal is swallowed. A cancelled worker (replaced by
a newer one of an exclusive group, or its app closing) hands over nothing, so an older
read is never shown after a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import NoActiveWorker, Worker, get_current_worker


def _running_worker() -> Worker[Any] | None:
    # The worker whose thread this is (None in a thread of one's own: the speaker's).
    try:
        return get_current_worker()
    except NoActiveWorker:
        return None


def post_from_worker(target: MessagePump, message: Message) -> bool:
    """Post `message` to `target` from a thread worker (or any other thread).

    Nothing is posted when `target` is closing or closed, its event loop has stopped,
    or the worker was cancelled. Returns whether the message was posted.
    """
    worker = _running_worker()
    if worker is not None and worker.is_cancelled:
        return False
    try:
        return target.post_message(message)
    except RuntimeError:
        # The event loop has closed ("Event loop is closed"); so has the app.
        return False


def call_soon_from_worker(
    target: MessagePump, callback: Callable[..., Any], *args: Any, **kwargs: Any
) -> bool:
    """Run `callback(*args, **kwargs)` on `target`'s event loop soon, without waiting.

    From a thread worker (or any other thread). Calls from one thread run in the order
    they were made. Nothing runs when `target` (the app, or the screen that owns the
    worker) is closing or closed, the loop has stopped, or the worker was cancelled
    (checked again just before the call runs).

    Returns:
        Whether the call was handed over.
    """
    worker = _running_worker()
    if worker is not None and worker.is_cancelled:
        return False

    def call() -> Any:
        if worker is not None and worker.is_cancelled:
            return None
        return callback(*args, **kwargs)

    return post_from_worker(target, events.Callback(callback=call))
