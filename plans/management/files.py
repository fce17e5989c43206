"""Reading the file a management command is given, with the reason in words when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError


def read_file_bytes(path: Path) -> bytes:
    """The bytes of `path`; CommandError saying why (missing, a folder, no permission) otherwise."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CommandError(f"Không đọc được tệp {path}: tệp không tồn tại.") from exc
    except IsADirectoryError as exc:
        raise CommandError(f"Không đọc được tệp {path}: đây là một thư mục.") from exc
    except PermissionError as exc:
        raise CommandError(f"Không đọc được tệp {path}: không có quyền đọc.") from exc
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp {path}: lỗi hệ thống ({exc.strerror or exc}).") from exc
