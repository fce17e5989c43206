"""Checking uploaded files: size, and type by content (never by the name the user gave).

Shared by every feature that accepts files (evidence, signed scans of plans and roll-ups, the admin
import). The API is small on purpose:
- `check_upload(file, allowed)` → `(kind, mime)` or a ValidationError with a Vietnamese reason;
- `check_size(file)` → nothing, or a ValidationError when the file is empty or too big;
- `generated_name(kind)` → the name to store the file under (a random uuid, never the user's name);
- `store_signed_scan(field_file, upload)` → a signed scan checked and stored, replacing the old one;
- `display_name(name)` → the user's file name made safe to show and to send back in a download.
"""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
import zipfile

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

# kind -> (accepted extensions, MIME type sent back on download, label in messages)
KINDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "pdf": (("pdf",), "application/pdf", "PDF"),
    "png": (("png",), "image/png", "ảnh PNG"),
    "jpeg": (("jpg", "jpeg"), "image/jpeg", "ảnh JPEG"),
    "docx": (("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"),
    "doc": (("doc",), "application/msword", "Word (.doc)"),
    "xlsx": (("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"),
    "xls": (("xls",), "application/vnd.ms-excel", "Excel (.xls)"),
}
EVIDENCE_KINDS = frozenset(KINDS)
DOCUMENT_KINDS = frozenset({"pdf", "png", "jpeg"})  # e.g. a signed scan

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def allowed_text(allowed: set[str] | frozenset[str], last: str = "") -> str:
    """The kinds in words: "PDF, ảnh PNG, ảnh JPEG", or with last="hoặc" "PDF, ảnh PNG hoặc ảnh JPEG"."""
    labels = [KINDS[kind][2] for kind in KINDS if kind in allowed]
    if last and len(labels) > 1:
        return f"{', '.join(labels[:-1])} {last} {labels[-1]}"
    return ", ".join(labels)


def accept_attribute(allowed: set[str] | frozenset[str]) -> str:
    """The value for <input type=file accept="...">, a hint for the browser's file picker only."""
    return ",".join(f".{ext}" for kind in KINDS if kind in allowed for ext in KINDS[kind][0])


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _zip_kind(file) -> str | None:
    """DOCX and XLSX are zip archives; what is inside tells them apart (only the index is read)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _ole_kind(data: bytes) -> str | None:
    """Old Word and Excel files are OLE compound files; their stream names tell them apart."""
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return None


def _image_ok(file) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        file.seek(0)


def sniff(file) -> str | None:
    """The kind of a file judged by its content alone, or None when it is none of ours."""
    data = _read_all(file)
    head = data[:4096]
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data)
    try:
        candidates = {match.mime_type for match in puremagic.magic_string(head)}
    except (puremagic.PureError, ValueError):
        candidates = set()
    if "application/pdf" in candidates and head.startswith(b"%PDF-"):
        # A PDF ends with "%%EOF" (readers look for it in the last 1 KB): one cut short in the upload
        # or the scanner has lost its end and will not open.
        return "pdf" if b"%%EOF" in data[-1024:] else None
    if "image/png" in candidates and _image_ok(file):
        return "png"
    if "image/jpeg" in candidates and _image_ok(file):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return None


def check_size(file) -> None:
    size = file.size if getattr(file, "size", None) is not None else len(_read_all(file))
    if size == 0:
        raise ValidationError("Tệp rỗng, không có nội dung.", code="empty")
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"Tệp quá lớn ({size_text(size)}); dung lượng tối đa cho phép là {size_text(limit)}.",
            code="too_big")


def check_upload(file, allowed: set[str] | frozenset[str], *, by_content_only: bool = False) -> tuple[str, str]:
    """Accept a file only when its size fits and its content is one of the allowed kinds.

    The extension must also agree with the content: a PDF renamed .docx is refused, so what a user
    downloads later under its own name opens in the program that name promises. With
    `by_content_only` (signed scans, stored and served under the kind their content shows, never
    under the user's name) the name is not looked at: a phone's JPEG called "scan.pdf" is a JPEG.
    """
    check_size(file)
    if by_content_only:
        kind = sniff(file)
        if kind not in allowed:
            raise ValidationError(
                f"Nội dung tệp không phải {allowed_text(allowed, last='hoặc')} (hệ thống xét nội dung tệp, "
                f"không xét tên tệp; có thể tệp bị hỏng).", code="content")
        return kind, KINDS[kind][1]
    extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower().lstrip(".")
    by_extension = {ext: kind for kind in allowed for ext in KINDS[kind][0]}
    if extension not in by_extension:
        shown = f"“.{extension}”" if extension else "không có phần mở rộng"
        raise ValidationError(
            f"Loại tệp {shown} không được chấp nhận. Chỉ nhận: {allowed_text(allowed)}.", code="extension")
    kind = sniff(file)
    expected = by_extension[extension]
    if kind != expected:
        raise ValidationError(
            f"Nội dung tệp không phải {KINDS[expected][2]} như tên tệp cho biết (có thể tệp bị hỏng "
            f"hoặc đã bị đổi tên). Chỉ nhận: {allowed_text(allowed)}.", code="content")
    return kind, KINDS[kind][1]


def generated_name(kind: str) -> str:
    """A storage name that owes nothing to the user's file name."""
    return f"{uuid.uuid4().hex}.{KINDS[kind][0][0]}"


def store_signed_scan(field_file, upload) -> None:
    """Put the scan of a signed paper copy (plan or roll-up) into `field_file`, the row not saved yet:
    checked by its content, stored under a generated name. The file it replaces is deleted once the
    transaction commits (not before: a rolled-back change keeps the old scan)."""
    kind, _mime = check_upload(upload, DOCUMENT_KINDS, by_content_only=True)
    old_name = field_file.name if field_file else ""
    field_file.save(generated_name(kind), upload, save=False)
    if old_name:
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def display_name(name: str, fallback: str = "tep") -> str:
    """The user's file name, kept for display and downloads only: no folders, no control
    characters or quotes (which could break a Content-Disposition header), at most 150 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(_UNSAFE.sub("_", name).split()).strip(". ")
    if len(name) > 150:
        stem, ext = os.path.splitext(name)
        name = stem[: 150 - len(ext)] + ext
    return name or fallback
