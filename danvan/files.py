"""Serving stored uploads (signed scans, evidence files) once a view has checked who may read them."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpResponseBase


def extension(field_file) -> str:
    """The stored file's extension, lower case ("pdf"); the name was generated from its content."""
    return field_file.name.rsplit(".", 1)[-1].lower()


def private_download(response: HttpResponseBase) -> HttpResponseBase:
    """Mark a download that was served after a permission check: neither a shared cache (a proxy)
    nor the browser's disk cache (an office computer used by several people) may keep a copy."""
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(field_file, filename: str, *, as_attachment: bool,
                         content_type: str | None = None) -> FileResponse:
    """The stored file under `filename`; 404 when there is none or storage has lost it."""
    if not field_file:
        raise Http404
    if content_type is None:
        content_type = mimetypes.types_map.get(f".{extension(field_file)}", "application/octet-stream")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return private_download(FileResponse(handle, as_attachment=as_attachment, filename=filename,
                                         content_type=content_type))


def signed_scan_response(document, label: str) -> FileResponse:
    """The signed scan of an issued roll-up or công văn, named after its number:
    "ban-ky-<label>-13-BC-UBND-2025.png"; 404 when none was attached."""
    scan = document.signed_scan
    name = (f"ban-ky-{label}-{document.number:02d}-{document.symbol}-{document.issued_on.year}.{extension(scan)}"
            if scan else "")
    return stored_file_response(scan, name, as_attachment=True)
