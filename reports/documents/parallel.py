"""The parts of a PDF laid out at the same time: the caller prints one, worker processes the others.

WeasyPrint is pure Python and lays out one page after another, so one PDF uses one core; a
document printed in parts (the body, each phụ lục, the pieces of a long phụ lục: pdf.py) can use
every core of the machine instead. The workers are a `ProcessPoolExecutor` started on first use
per process (a web worker, the background worker, a command) from a fork server, so they inherit
no thread, lock or database connection of the process that started them; each loads Django's
settings and WeasyPrint once and then only turns HTML into PDF bytes (no database).

settings.DOCUMENT_RENDER_PROCESSES is the number of worker processes beside the caller (default:
the machine's cores less one; 0 prints every part in the calling process). When the pool cannot
be used (a daemonic process such as a prefork worker child, a worker that died), the parts are
printed in the calling process: slower, never a failed download.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading

import django
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, TypeVar

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


def available() -> bool:
    """True if parts can be printed at once (worker processes are configured and may run here)."""
    return _get_pool() is not None


def run_all(function: Callable[[object], T], inputs: list, sizes: list[int] | None = None) -> list[T]:
    """[function(x) for x in inputs]: the largest input (by `sizes`, default len) here, the others in
    worker processes.

    `function` must be a module-level function (it is sent to the workers by name). An exception
    it raises in a worker is raised here as it would be in a plain loop.
    """
    if len(inputs) < 2:
        return [function(item) for item in inputs]
    pool = _get_pool()
    if pool is None:
        return [function(item) for item in inputs]
    # The caller takes the largest input, so it never waits idle for a small one.
    sizes = sizes or [len(item) for item in inputs]
    order = sorted(range(len(inputs)), key=lambda i: sizes[i], reverse=True)
    here, away = order[0], order[1:]
    futures: dict[int, Future] = {}
    try:
        for index in away:
            futures[index] = pool.submit(function, inputs[index])
    except Exception:  # noqa: BLE001 - a broken or shut-down pool: print here instead
        logger.warning("Document render processes failed; printing in this process", exc_info=True)
        for future in futures.values():
            future.cancel()
        _drop_pool()
        return [function(item) for item in inputs]
    results: list = [None] * len(inputs)
    results[here] = function(inputs[here])
    for index, future in futures.items():
        try:
            results[index] = future.result()
        except Exception as exc:  # noqa: BLE001
            from concurrent.futures.process import BrokenProcessPool

            if not isinstance(exc, BrokenProcessPool):
                raise
            logger.warning("A document render process died; printing its part here", exc_info=True)
            _drop_pool()
            results[index] = function(inputs[index])
    return results
