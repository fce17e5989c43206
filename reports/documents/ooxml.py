"""Same input, same bytes: Office files are zip archives stamped with the time they were written."""

import io
import zipfile

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def stable_zip(content: bytes) -> bytes:
    """Rewrite the archive with a fixed timestamp on every member, so a reprint is byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
