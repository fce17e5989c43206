"""Upload checking: type by content, size, and names that never become paths."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan import uploads
from danvan.tests.files import docx_file, jpeg_file, ole_file, pdf_file, png_file, xlsx_file

ALL = uploads.EVIDENCE_KINDS


@pytest.mark.parametrize("make, kind, mime", [
    (pdf_file, "pdf", "application/pdf"),
    (png_file, "png", "image/png"),
    (jpeg_file, "jpeg", "image/jpeg"),
    (docx_file, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (xlsx_file, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (lambda: ole_file("cu.doc", "WordDocument"), "doc", "application/msword"),
    (lambda: ole_file("cu.xls", "Workbook"), "xls", "application/vnd.ms-excel"),
])
def test_accepts_every_evidence_kind(make, kind, mime):
    assert uploads.check_upload(make(), ALL) == (kind, mime)


def refusal(file, allowed=ALL) -> str:
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(file, allowed)
    return " ".join(exc.value.messages)


def test_pdf_name_with_other_content_is_refused():
    message = refusal(SimpleUploadedFile("bien-ban.pdf", b"Day khong phai PDF, chi la van ban thuong."))
    assert "không phải PDF" in message


def test_executable_is_refused_by_extension():
    message = refusal(SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00" + b"\0" * 200))
    assert "“.exe” không được chấp nhận" in message
    assert "PDF" in message and "Word" in message


def test_executable_renamed_pdf_is_refused():
    assert "không phải PDF" in refusal(SimpleUploadedFile("tai-lieu.pdf", b"MZ\x90\x00" + b"\0" * 200))


def test_pdf_renamed_docx_is_refused():
    assert "không phải Word (.docx)" in refusal(pdf_file("bao-cao.docx"))


def test_zip_that_is_not_office_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.js", "alert(1)")
    assert "không phải Word" in refusal(SimpleUploadedFile("thu.docx", buffer.getvalue()))


def test_broken_image_is_refused():
    data = png_file().read()[:30]
    assert "không phải ảnh PNG" in refusal(SimpleUploadedFile("anh.png", data))


def test_too_big_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    message = refusal(pdf_file(padding=2048))
    assert "quá lớn" in message and "tối đa cho phép là 1 KB" in message


def test_empty_file_is_refused():
    assert "rỗng" in refusal(SimpleUploadedFile("rong.pdf", b""))


def test_only_allowed_kinds():
    assert "không được chấp nhận" in refusal(docx_file(), {"pdf"})


def test_generated_name_owes_nothing_to_the_user_name():
    name = uploads.generated_name("pdf")
    assert name.endswith(".pdf") and len(name) == 36 and "/" not in name


@pytest.mark.parametrize("given, shown", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\An\\Biên bản họp.pdf", "Biên bản họp.pdf"),
    ('a"b\r\nContent-Type: x.pdf', "a_b_Content-Type_ x.pdf"),
    ("", "tep"),
    ("...", "tep"),
])
def test_display_name_is_safe(given, shown):
    assert uploads.display_name(given) == shown



def test_a_pdf_cut_short_is_refused():
    whole = pdf_file().read()
    cut = SimpleUploadedFile("bien-ban.pdf", whole[: len(whole) // 2])
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(cut, ALL)
    assert "Nội dung tệp không phải PDF" in refused.value.messages[0]
    assert uploads.check_upload(pdf_file(), ALL)[0] == "pdf"
