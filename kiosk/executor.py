"""The thread pool the kiosk's thread workers run in: each job in a context of its own.

Textual runs a thread worker with `loop.run_in_executor(None, ...)` and, in the pool's
thread, sets its `active_worker` context variable before calling the work. Executor
threads live as long as the process and `run_in_executor` gives a job no context of its
own, so that assignment lands in the thread's own context and stays there after the job:
each pool thread keeps the last worker it ran alive, with the task that started it and
that task's context, which holds the screen the visitor tapped (its widgets, the name
typed on Confirm, the PIN given to a staff sign-in). Up to one visitor per pool thread
stayed in memory after Welcome returned (Textual 8.2; tests/kiosk/test_soak.py says
when it comes back).

Running each job in a fresh `contextvars.Context` keeps the assignment inside the job:
it works with any Textual that runs thread workers through the loop's default executor,
and changes nothing for one that no longer leaks.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class FreshContextExecutor(ThreadPoolExecutor):
    """A thread pool that runs every job in a new, empty context."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Queue `fn(*args, **kwargs)` to run in a context nobody else sees."""
        context = contextvars.Context()

        def run() -> T:
            return context.run(fn, *args, **kwargs)

        return super().submit(run)
