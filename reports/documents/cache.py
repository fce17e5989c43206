"""Rendered bytes kept in Django's cache (the database cache of settings.CACHES), keyed on content.

The key is a hash of the document's data plus the layout version (templates, CSS, this package),
so an unchanged document is served again without rendering, and any change to the data or to
the layout prints anew. Nothing needs invalidating: stale entries are simply never asked for.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.core.cache import cache
from django.db import DatabaseError, transaction

from reports.documents.context import Document

logger = logging.getLogger(__name__)


def cache_key(document: Document, fmt: str) -> str:
    from reports.documents.layout import layout_version

    payload = json.dumps(document.as_dict(), ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{layout_version()}|{fmt}|{payload}".encode()).hexdigest()
    return f"document:{fmt}:{digest}"


# Each access runs in a savepoint: a missing cache table (createcachetable not run) then costs a
# warning, not the download, and does not break the caller's transaction on PostgreSQL.

def cached(key: str) -> bytes | None:
    try:
        with transaction.atomic():
            return cache.get(key)
    except DatabaseError:
        logger.warning("Document cache unavailable (run `manage.py createcachetable`)", exc_info=True)
        return None


def store(key: str, content: bytes) -> None:
    try:
        with transaction.atomic():
            cache.set(key, content)
    except DatabaseError:
        logger.warning("Document cache unavailable (run `manage.py createcachetable`)", exc_info=True)
