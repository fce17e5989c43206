"""Backup and restore of the whole site: database rows and uploaded files in one archive.

The dump is read inside one transaction (REPEATABLE READ on PostgreSQL, a single read transaction
on SQLite), so rows written while the backup runs never leave it half-consistent. The archive is a
.tar.gz with data.json (Django's serialisation, natural keys), media/ and manifest.json (counts and
SHA-256 of every file), which restore checks before it writes anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

# Rows that are not records: caches, sessions, login throttling, permission tables rebuilt by migrate.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message is for the user (Vietnamese)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_models():
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e.lower() for e in EXCLUDED if "." in e}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in excluded_models or not model._meta.managed:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model.objects.count() for model in _record_models()}


def backup_create(*, target: Path) -> dict:
    """Write the archive to `target`; returns the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        out = io.StringIO()
        call_command("dumpdata", *[f"--exclude={e}" for e in EXCLUDED], "--natural-foreign",
                     "--natural-primary", "--indent=1", stdout=out)
        counts = row_counts()
        referenced = _referenced_files()
    data = out.getvalue().encode("utf-8")
    files = {}
    for name in sorted(referenced):
        path = media_root / name
        if path.is_file():
            files[name] = path.read_bytes()
    manifest = {"format": 1, "counts": counts, "data_sha256": _sha256(data),
                "files": {name: _sha256(content) for name, content in files.items()}}
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as archive:
        _add(archive, "data.json", data)
        for name, content in files.items():
            _add(archive, f"media/{name}", content)
        _add(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return manifest


def _referenced_files() -> set[str]:
    """Names of every stored file a FileField points to (files nobody references are not records)."""
    names = set()
    for model in _record_models():
        file_fields = [f.name for f in model._meta.get_fields() if f.get_internal_type() == "FileField"]
        for field in file_fields:
            names.update(n for n in model.objects.exclude(**{field: ""}).values_list(field, flat=True) if n)
    return names


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


def backup_restore(*, source: Path) -> dict:
    """Load an archive into an EMPTY, migrated database and put its files back."""
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {source}: {exc}") from exc
    with archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        if "manifest.json" not in members or "data.json" not in members:
            raise BackupError("Tệp sao lưu thiếu manifest.json hoặc data.json.")
        manifest = json.loads(archive.extractfile(members["manifest.json"]).read())
        data = archive.extractfile(members["data.json"]).read()
        if _sha256(data) != manifest.get("data_sha256"):
            raise BackupError("Dữ liệu trong tệp sao lưu bị hỏng (mã kiểm tra không khớp).")
        files = {}
        for name, digest in manifest.get("files", {}).items():
            member = members.get(f"media/{name}")
            path = PurePosixPath(name)
            if member is None or path.is_absolute() or ".." in path.parts:
                raise BackupError(f"Tệp đính kèm {name} thiếu hoặc có đường dẫn không hợp lệ.")
            content = archive.extractfile(member).read()
            if _sha256(content) != digest:
                raise BackupError(f"Tệp đính kèm {name} bị hỏng (mã kiểm tra không khớp).")
            files[name] = content
    non_empty = {label: n for label, n in row_counts().items() if n}
    if non_empty:
        raise BackupError("Cơ sở dữ liệu đích không trống (" + ", ".join(sorted(non_empty)) +
                          "). Chỉ khôi phục vào cơ sở dữ liệu mới đã chạy migrate.")
    fixture = Path(settings.MEDIA_ROOT).parent / ".restore-data.json"
    try:
        fixture.write_bytes(data)
        # History rows come from the archive; loading must not add new ones (simple_history records
        # m2m changes even on raw loads, so history is switched off for the load).
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(fixture), verbosity=0)
    finally:
        fixture.unlink(missing_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    for name, content in files.items():
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    restored = row_counts()
    if restored != manifest["counts"]:
        diff = {k: (manifest["counts"].get(k), v) for k, v in restored.items() if manifest["counts"].get(k) != v}
        raise BackupError(f"Số bản ghi sau khi khôi phục không khớp với tệp sao lưu: {diff}")
    return manifest
