"""Work the build needs later, done meanwhile on the machine's other core.

MkDocs renders pages in one process. The content checks and the download files
are not needed until the pages have been read, so :class:`Job` runs them in a
forked copy of the build process while MkDocs works, and :meth:`Job.result`
collects them at the end of the build (after the last language). The child writes
its result to a temporary file and exits; it never logs.

Children run at the lowest priority (``nice`` 19), and so do the programs they start
(Pagefind): on a machine where every core is busy they give way to MkDocs instead of
slowing it down. A job the build waits for at once (reading pages) keeps the build's priority.

Where ``os.fork`` is missing (Windows), or ``HANDBOOK_SERIAL=1`` is set, the
work runs at once in the build process: same result, one core.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

#: how much lower the children's priority is than the build's (19 is the lowest)
NICE = 19

def parallel() -> bool:
    """Whether jobs run in a second process here."""
    return hasattr(os, "fork") and sys.platform == "linux" and os.environ.get("HANDBOOK_SERIAL") != "1"


class Background:
    """The jobs of one process: it starts them (:meth:`start`) and reaps children that a failed
    build left behind (``make serve`` goes on after a failed build)."""

    def __init__(self) -> None:
        #: child processes not yet waited for (reaped when the next job starts)
        self.children: list[int] = []

    def start(self, work: Callable[[], T], soon: bool = False) -> Job[T]:
        """``work`` running in a second process (see :class:`Job`)."""
        self.reap()
        return Job(work, soon, self.children)

    def reap(self) -> None:
        """Wait for the children that have finished, without blocking."""
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.remove(pid)


class Job(Generic[T]):
    """``work()`` running in a forked child; :meth:`result` waits for it and returns its value."""

    def __init__(self, work: Callable[[], T], soon: bool = False, children: list[int] | None = None) -> None:
        """Start ``work``; ``soon=True`` when the build will wait for it shortly (it keeps the
        build's priority: the build is idle then); otherwise it runs at the lowest priority.
        ``children`` is the list of unreaped children this job's process joins."""
        self._children = children if children is not None else []
        self.started = time.perf_counter()
        self.waited = 0.0
        self._value: T | None = None
        self._done = False
        self._pid = 0
        if not parallel():
            self._value, self._done = work(), True
            return
        fd, self._path = tempfile.mkstemp(prefix="handbook-job-", suffix=".pickle")
        pid = os.fork()
        if pid == 0:  # the child: compute, write, leave without running the parent's exit handlers
            status = 0
            try:
                if not soon:  # MkDocs keeps its core: on a busy machine the child yields (so do its programs)
                    os.nice(NICE)
                try:
                    payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # noqa: BLE001 - everything goes back to the parent
                    payload = pickle.dumps(("error", traceback.format_exc()))
                with os.fdopen(fd, "wb") as out:
                    out.write(payload)
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)
        os.close(fd)
        self._pid = pid
        self._children.append(pid)

    def result(self) -> T:
        """The work's value (waits for the child if it is still running)."""
        if not self._done:
            start = time.perf_counter()
            try:
                _, status = os.waitpid(self._pid, 0)
            except ChildProcessError:
                status = 0
            if self._pid in self._children:
                self._children.remove(self._pid)
            self.waited = time.perf_counter() - start
            try:
                with open(self._path, "rb") as handle:
                    data = handle.read()
            finally:
                os.unlink(self._path)
            if not data:
                raise RuntimeError(f"the background job stopped without a result (exit status {status})")
            kind, value = pickle.loads(data)
            if kind == "error":
                raise RuntimeError(f"the background job failed:\n{value}")
            self._value, self._done = value, True
        return self._value  # type: ignore[return-value]
