"""Rendered bytes kept in Django's cache (the database cache of settings.CACHES), keyed on content.

The key is a hash of the document's data plus the layout version (templates, CSS, this package),
so an unchanged document is served again without rendering, and any change to the data or to
the layout prints anew. Nothing needs invalidating: stale entries are simply never asked for, and
a render that finishes late (the data changed while it ran) stores under its own, older key, so it
can never replace the printout of newer data.

Whoever renders a key first claims it (`claim`, an atomic cache.add of a marker that expires by
itself if its renderer dies); a download finding the key claimed waits for those bytes instead of
rendering them a second time (`wait_for`), and renders itself only if they do not come in time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from reports.documents.context import Document

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 120  # a claim left by a renderer that died expires after this


def content_key(prefix: str, data, fmt: str) -> str:
    from reports.documents.layout import layout_version

    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{layout_version()}|{fmt}|{payload}".encode()).hexdigest()
    return f"{prefix}:{fmt}:{digest}"


def cache_key(document: Document, fmt: str) -> str:
    return content_key("document", document.as_dict(), fmt)


# Each access runs in a savepoint: a missing cache table (createcachetable not run) then costs a
# warning, not the download, and does not break the caller's transaction on PostgreSQL.

def _warn():
    logger.warning("Document cache unavailable (run `manage.py createcachetable`)", exc_info=True)


def cached(key: str) -> bytes | None:
    try:
        with transaction.atomic():
            return cache.get(key)
    except DatabaseError:
        _warn()
        return None


def store(key: str, content: bytes) -> None:
    try:
        with transaction.atomic():
            cache.set(key, content)
    except DatabaseError:
        _warn()


def claim(key: str) -> bool:
    """True if the caller may render `key` (nobody else is rendering it right now)."""
    try:
        with transaction.atomic():
            return cache.add(f"rendering:{key}", time.time(), CLAIM_SECONDS)
    except DatabaseError:
        _warn()
        return True


def release(key: str) -> None:
    try:
        with transaction.atomic():
            cache.delete(f"rendering:{key}")
    except DatabaseError:
        _warn()


def claimed(key: str) -> bool:
    try:
        with transaction.atomic():
            return cache.get(f"rendering:{key}") is not None
    except DatabaseError:
        _warn()
        return False


def wait_for(key: str, timeout: float | None = None) -> bytes | None:
    """The bytes another renderer is producing for `key`, once stored; None if its claim goes away
    without them (it failed) or they do not come within `timeout` seconds."""
    deadline = time.monotonic() + (settings.DOCUMENT_WAIT_SECONDS if timeout is None else timeout)
    pause = 0.02
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 1.5, 0.2)
        content = cached(key)
        if content is not None:
            return content
        if not claimed(key):
            return cached(key)
    return None


def get_or_render(key: str, render) -> bytes:
    """The cached bytes of `key`, or the bytes a running render is producing, or `render()` now.

    Never renders what another process is rendering (it waits for it); renders anyway when that
    one does not deliver in time, so a download never fails because a worker is slow or down.
    """
    return get_or_render_many([key], lambda indexes: [render()])[0]


def get_or_render_many(keys: list[str], render_many) -> list[bytes]:
    """`get_or_render` for several keys at once: `render_many(indexes)` returns the bytes of the
    keys at those indexes, so the parts nobody has (and nobody is rendering) are printed together."""
    contents: list[bytes | None] = [cached(key) for key in keys]
    mine = [index for index, content in enumerate(contents) if content is None and claim(keys[index])]
    try:
        if mine:
            for index, content in zip(mine, render_many(mine)):
                contents[index] = content
                store(keys[index], content)
    finally:
        for index in mine:
            release(keys[index])
    for index, content in enumerate(contents):
        if content is None:  # another process was rendering it
            content = wait_for(keys[index])
            if content is None:
                content = render_many([index])[0]
                store(keys[index], content)
            contents[index] = content
    return contents


def render_once(key: str, render) -> bool:
    """For the background renderer: render and store `key` unless it is cached or being rendered.
    True if it rendered."""
    if cached(key) is not None or not claim(key):
        return False
    try:
        if cached(key) is not None:  # stored between the look-up and the claim
            return False
        store(key, render())
        return True
    finally:
        release(key)
