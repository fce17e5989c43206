"""Small real files of every kind the uploads accept, for tests (and a few that must be refused)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
             b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64


def image_bytes(fmt="PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def png_bytes() -> bytes:
    return image_bytes("PNG")


def pdf_file(name="bien-ban.pdf", padding=0):
    return SimpleUploadedFile(name, PDF_BYTES + b"%" * padding, content_type="application/pdf")


def png_file(name="anh-hoi-nghi.png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg_file(name="anh.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def docx_file(name="bao-cao.docx"):
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả tuyên truyền")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def xlsx_file(name="so-lieu.xlsx"):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số liệu"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def ole_file(name, stream):
    """A minimal OLE compound file header followed by a directory entry name (old .doc/.xls)."""
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + stream.encode("utf-16-le") + b"\0" * 100
    return SimpleUploadedFile(name, body)
