"""The parts of a PDF laid out at the same time, shared out between the caller and worker processes.

WeasyPrint is pure Python and lays out one page after another, so one PDF uses one core; a
document printed in parts (the body, each phụ lục, the pieces of a long phụ lục: pdf.py) can use
every core of the machine instead. The workers are a `ProcessPoolExecutor` started on first use
per process (a web worker, the background worker, a command) from a fork server, so they inherit
no thread, lock or database connection of the process that started them; each loads Django's
settings and WeasyPrint once and then only turns HTML into PDF bytes (no database).

settings.DOCUMENT_RENDER_PROCESSES is the number of worker processes beside the caller (default:
the machine's cores less one; 0 prints every part in the calling process). When the pool cannot
be used (a daemonic process such as a prefork worker child, a worker that died), the parts are
printed in the calling process: slower, never a failed download. The children of a prefork Celery
worker print alone (`print_alone`, reports/jobs.py): there the cores are shared between documents.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, TypeVar

import django

logger = logging.getLogger(__name__)

T = TypeVar("T")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_unusable = False  # set once the pool cannot run in this process


def _configured_size() -> int:
    from django.conf import settings

    return max(0, int(getattr(settings, "DOCUMENT_RENDER_PROCESSES", 0) or 0))


def _get_pool() -> ProcessPoolExecutor | None:
    global _pool, _pool_size, _unusable
    size = _configured_size()
    with _lock:
        if _unusable or size == 0 or multiprocessing.current_process().daemon:
            return None
        if _pool is not None and _pool_size != size:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            try:
                # Workers set Django up before they unpickle anything (this module's package
                # needs the app registry), then load WeasyPrint while the caller is still busy.
                _pool = ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("forkserver"),
                                            initializer=django.setup)
                _pool_size = size
                from reports.documents.pdf import warm_up

                for _ in range(size):
                    _pool.submit(warm_up)
            except (OSError, ValueError, RuntimeError):
                logger.warning("Document render processes unavailable; printing in this process", exc_info=True)
                _unusable = True
                return None
        return _pool


def _drop_pool() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None


def shutdown() -> None:
    """Stop the workers (tests, and processes that want to exit without waiting for them)."""
    _drop_pool()


def print_alone() -> None:
    """Print every part in this process from now on (a prefork worker's child: the worker already
    shares the cores out between documents, one per child)."""
    global _unusable
    _unusable = True
    _drop_pool()


def processes() -> int:
    """The processes that print at once: the caller and its workers."""
    return 1 + (_pool_size if _get_pool() is not None else 0)


class Batch:
    """Inputs printed by this process and the workers at once, started as they are added.

    Added inputs wait in one queue; each worker is sent the next one as soon as it is free (the
    first ones at once, while the caller is still preparing the rest), and `results` has this
    process take the next one whenever it is free, so nobody waits while work is left.
    `function` must be a module-level function (it is sent to the workers by name). An exception
    it raises in a worker is raised by `results` as in a plain loop; a worker that died costs the
    time of printing its input here.
    """

    def __init__(self, function: Callable[[object], T]):
        self.function = function
        self.pool = _get_pool()
        self.inputs: list = []
        self.queue: deque[int] = deque()
        self.lock = threading.RLock()  # a future already done runs its callback (_send) at once
        self.futures: dict[int, Future] = {}
        self.idle = _pool_size if self.pool is not None else 0
        self.broken: list[BaseException] = []

    def add(self, item) -> None:
        with self.lock:
            self.inputs.append(item)
            self.queue.append(len(self.inputs) - 1)
            if self.idle:
                self.idle -= 1
                self._send()

    def _send(self, _done=None) -> None:
        """Send a free worker the next input (also a done-callback, run by the pool's thread)."""
        with self.lock:
            if not self.queue or self.broken:
                self.idle += 1
                return
            index = self.queue.popleft()
            try:
                future = self.pool.submit(self.function, self.inputs[index])
            except Exception as exc:  # noqa: BLE001 - a broken or shut-down pool: printed here instead
                self.queue.appendleft(index)
                self.broken.append(exc)
                return
            self.futures[index] = future
        future.add_done_callback(self._send)

    def _take(self) -> int | None:
        with self.lock:
            return self.queue.popleft() if self.queue else None

    def results(self) -> list:
        results: list = [None] * len(self.inputs)
        collected: set[int] = set()
        while True:
            index = self._take()
            if index is not None:
                results[index] = self.function(self.inputs[index])
                continue
            with self.lock:
                waiting = [(n, future) for n, future in self.futures.items() if n not in collected]
            if not waiting:
                with self.lock:
                    if not self.queue:
                        break
                continue
            for index, future in waiting:
                collected.add(index)
                try:
                    results[index] = future.result()
                except Exception as exc:  # noqa: BLE001
                    if not isinstance(exc, BrokenProcessPool):
                        raise
                    self.broken.append(exc)
                    results[index] = self.function(self.inputs[index])
        if self.broken:
            logger.warning("Document render processes failed; their parts were printed in this process",
                           exc_info=self.broken[0])
            _drop_pool()
        return results
