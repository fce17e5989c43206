"""Uploads (issue 7): every upload is checked by its content and size, never by its name; the
user's file name never becomes a path; files are served only through views that check permission.

The four ways a file comes in: the signed scan of a plan (clerk), evidence of a unit report
(reporter), the signed scan of a roll-up (clerk) and a spreadsheet import (admin).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.models import Unit
from danvan.tests.test_import_export import UNIT_COLUMNS, csv_bytes, xlsx_bytes
from danvan.tests.world import (  # noqa: F401
    EXE_BYTES, HTML_BYTES, PDF_BYTES, World, media, png_bytes, report_form_data, upload, world,
)
from plans.models import Plan
from reports.letters.models import ReminderLetter
from reports.models import Evidence, RollupReport

GENERATED = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg)$")
FAKE_PDFS = {"html": HTML_BYTES, "exe": EXE_BYTES, "empty-ish": b" ", "zip": b"PK\x03\x04" + b"\x00" * 60}
HOSTILE_NAMES = ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf", "a\x00b.pdf",
                 "x" * 400 + ".pdf", 'bao"cao\r\nX-Injected: 1;.pdf', "bảng kê <script>.pdf"]


# --- Sending files the way each page does -------------------------------------------------------

def send_plan_scan(client, w: World, file):
    return client.post(reverse("plans:attach_scan", args=[w.issued.pk]), {"file": file})


def send_evidence(client, w: World, file):
    entry = w.open_report_a.entries.get(is_lead=True)
    url = reverse("reports:unit_report_edit", args=[w.round2.pk, w.unit_a.pk])
    return client.post(url, report_form_data(w.open_report_a, **{f"e{entry.pk}-files": [file]}))


def send_rollup_scan(client, w: World, file):
    return client.post(reverse("reports:rollup_scan", args=[w.issued_rollup.pk]), {"scan": file})


def send_letter_scan(client, w: World, file):
    return client.post(reverse("reports:letter_scan", args=[w.extra["letters"]["issued"].pk]), {"scan": file})


def stored_letter_scan(w: World) -> str:
    return ReminderLetter.objects.get(pk=w.extra["letters"]["issued"].pk).signed_scan.name


def stored_plan_scan(w: World) -> str:
    return Plan.objects.get(pk=w.issued.pk).signed_scan.name


def stored_evidence(w: World) -> list[str]:
    return sorted(Evidence.objects.filter(entry__report=w.open_report_a).values_list("file", flat=True))


def stored_rollup_scan(w: World) -> str:
    return RollupReport.objects.get(pk=w.issued_rollup.pk).signed_scan.name


UPLOADS = {
    "plan scan": ("clerk", send_plan_scan, stored_plan_scan),
    "evidence": ("reporter_a", send_evidence, stored_evidence),
    "roll-up scan": ("clerk", send_rollup_scan, stored_rollup_scan),
    "công văn scan": ("clerk", send_letter_scan, stored_letter_scan),
}


def files_in(media_root: Path) -> set[Path]:
    return {path for path in media_root.rglob("*") if path.is_file()}


@pytest.mark.parametrize("where", list(UPLOADS))
@pytest.mark.parametrize("fake", list(FAKE_PDFS))
def test_a_pdf_that_is_not_a_pdf_is_refused(where, fake, world, media, login):
    persona, send, stored = UPLOADS[where]
    before, files_before = stored(world), files_in(media)
    response = send(login(world.users[persona]), world, upload("scan.pdf", FAKE_PDFS[fake]))
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "PDF" in page and ("không phải" in page.lower() or "Tệp rỗng" in page)
    assert stored(world) == before
    assert files_in(media) == files_before  # nothing of the refused file was written


@pytest.mark.parametrize("where", list(UPLOADS))
def test_an_oversize_file_is_refused(where, world, media, login, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    persona, send, stored = UPLOADS[where]
    before = stored(world)
    response = send(login(world.users[persona]), world, upload("scan.pdf", PDF_BYTES + b"%" * 3000))
    assert response.status_code in (200, 400)
    assert "quá lớn" in response.content.decode()
    assert stored(world) == before
    # A file just under the limit goes in.
    response = send(login(world.users[persona]), world, upload("scan.pdf", PDF_BYTES + b"%" * 100))
    assert response.status_code == 302
    assert stored(world) != before


@pytest.mark.parametrize("where", list(UPLOADS))
@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["dotdot", "backslashes", "absolute", "nul", "long", "crlf",
                                                    "html"])
def test_a_hostile_file_name_never_becomes_a_path(where, name, world, media, login):
    persona, send, stored = UPLOADS[where]
    before, files_before = stored(world), files_in(media)
    response = send(login(world.users[persona]), world, upload(name, PDF_BYTES))
    if response.status_code != 302:
        # A line break cannot travel in a multipart header: what arrives has lost its ".pdf" and
        # the checks refuse it (evidence and roll-up scans also check the extension). Refused is
        # fine, as long as nothing was written.
        assert "\r\n" in name and "không được chấp nhận" in response.content.decode()
        assert stored(world) == before and files_in(media) == files_before
        return
    after = stored(world)
    new = [n for n in after if n not in before] if isinstance(after, list) else [after]
    assert len(new) == 1
    path = (media / new[0]).resolve()
    assert path.is_relative_to(media.resolve()) and path.is_file()
    assert GENERATED.match(path.name), path.name  # a generated name, nothing of the user's
    assert path.read_bytes() == PDF_BYTES


# --- Downloads: only through the views, with safe headers ---------------------------------------

def download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.fixture
def hostile_evidence(world, login) -> Evidence:
    """Unit A's report for round 2 submitted with a file whose name tries to break headers."""
    client = login(world.users["reporter_a"])
    entry = world.open_report_a.entries.get(is_lead=True)
    url = reverse("reports:unit_report_edit", args=[world.round2.pk, world.unit_a.pk])
    # (a double quote or a line break cannot travel in a multipart header: browsers encode them)
    name = "bao cao; filename=evil.html; \\..\\biên bản <x>.pdf"
    data = report_form_data(world.open_report_a, action="submit", **{f"e{entry.pk}-files": [upload(name)]})
    assert client.post(url, data).status_code == 302
    return Evidence.objects.get(entry=entry)


def test_evidence_download_has_safe_headers(hostile_evidence, world, login):
    response, body = download(login(world.users["editor"]), reverse("reports:evidence", args=[hostile_evidence.pk]))
    assert response.status_code == 200 and body == PDF_BYTES
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    kind, parameter = disposition.split(";")  # one parameter: the name cannot add another
    assert kind == "attachment" and parameter.strip().startswith(("filename=", "filename*="))
    assert not set('"\\/;<>') & set(hostile_evidence.original_name), hostile_evidence.original_name
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


DOWNLOADS = {
    "plan scan": lambda w: reverse("plans:scan", args=[w.issued.pk]),
    "evidence": lambda w: reverse("reports:evidence", args=[w.evidence.pk]),
    "roll-up scan": lambda w: reverse("reports:rollup_scan_file", args=[w.issued_rollup.pk]),
    "công văn scan": lambda w: reverse("reports:letter_scan_file", args=[w.extra["letters"]["issued"].pk]),
}


@pytest.mark.parametrize("what", list(DOWNLOADS))
def test_files_are_served_only_to_their_readers(what, world, login, client):
    url = DOWNLOADS[what](world)
    response, body = download(login(world.users["viewer"]), url)
    assert response.status_code == 200 and body == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "\n" not in response["Content-Disposition"]
    assert download(login(world.users["outsider"]), url)[0].status_code == 404
    if what == "evidence":
        assert download(login(world.users["reporter_b"]), url)[0].status_code == 404
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("prefix", ["media_url", "/media/", "/static/../media/"])
def test_the_media_folder_is_not_served_directly(prefix, world, login, settings):
    names = [world.evidence.file.name, world.issued.signed_scan.name, world.issued_rollup.signed_scan.name]
    base = settings.MEDIA_URL if prefix == "media_url" else prefix
    client = login(world.users["editor"])
    for name in names:
        assert (settings.MEDIA_ROOT / name).is_file()
        assert download(client, base + name)[0].status_code == 404, base + name


# --- The spreadsheet import (admin) ----------------------------------------------------------

@pytest.fixture
def admin_client(login, superuser, media):
    return login(superuser)


@pytest.mark.parametrize("name, content, fmt", [
    ("don-vi.xlsx", EXE_BYTES, "1"),
    ("don-vi.xlsx", HTML_BYTES, "1"),
    ("don-vi.csv", EXE_BYTES, "0"),
    ("don-vi.csv", HTML_BYTES, "0"),
    ("don-vi.xlsx", PDF_BYTES, "1"),
], ids=["exe-as-xlsx", "html-as-xlsx", "exe-as-csv", "html-as-csv", "pdf-as-xlsx"])
def test_an_import_file_that_is_not_a_spreadsheet_is_refused(name, content, fmt, admin_client, media, org):
    before = Unit.objects.count()
    response = admin_client.post(reverse("admin:danvan_unit_import"),
                                 {"format": fmt, "import_file": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Không đọc được tệp" in page or "Tệp bị từ chối" in page or "dòng tiêu đề" in page
    assert "nội dung không phải bảng tính" in page  # refused by its content, before any reading
    assert "Xác nhận nhập" not in page
    assert Unit.objects.count() == before
    assert not files_in(media)  # the refused file is not kept


@pytest.mark.parametrize("fmt", ["0", "1"], ids=["csv", "xlsx"])
def test_a_spreadsheet_with_only_its_header_is_refused_and_not_kept(fmt, admin_client, media, org):
    rows = [UNIT_COLUMNS]
    content, name = (csv_bytes(rows), "don-vi.csv") if fmt == "0" else (xlsx_bytes(rows), "don-vi.xlsx")
    response = admin_client.post(reverse("admin:danvan_unit_import"),
                                 {"format": fmt, "import_file": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 200 and "Xác nhận nhập" not in page
    assert "Tệp không có dòng dữ liệu nào. Dòng đầu là dòng tiêu đề, dữ liệu bắt đầu từ dòng 2." in page
    assert not files_in(media)  # nothing to confirm, so nothing is kept


def test_spreadsheet_content_check():
    import io
    import zipfile

    from danvan.admin import looks_like_spreadsheet

    def upload(content: bytes):
        return SimpleUploadedFile("x", content)

    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert looks_like_spreadsheet(upload(xlsx_bytes([UNIT_COLUMNS])))
    assert not looks_like_spreadsheet(upload(word.getvalue()))  # a zip, but a Word file
    # UTF-8 text whose 64 KB sample ends inside a two-byte letter is still text
    text = ("a" * (64 * 1024 - 1) + "ệ" * 10).encode()
    assert looks_like_spreadsheet(upload(text))
    assert not looks_like_spreadsheet(upload("đơn vị".encode("utf-16")))


def test_an_oversize_import_is_refused(admin_client, media, org, settings):
    content = xlsx_bytes([UNIT_COLUMNS] + [["an-binh", f"Đơn vị {n}", "", "", "", "", "", "", "", n]
                                           for n in range(200)])
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    response = admin_client.post(reverse("admin:danvan_unit_import"),
                                 {"format": "1", "import_file": SimpleUploadedFile("don-vi.xlsx", content)})
    assert "Tệp quá lớn" in response.content.decode()
    assert not Unit.objects.filter(name="Đơn vị 1").exists()
    assert not files_in(media)


def test_an_import_file_name_never_becomes_a_path(admin_client, media, org):
    content = csv_bytes([UNIT_COLUMNS, ["an-binh", "Trạm Y tế", "", "", "", "", "", "", "", 1]])
    response = admin_client.post(reverse("admin:danvan_unit_import"),
                                 {"format": "0", "import_file": SimpleUploadedFile("../../../../tmp/x.csv", content)})
    assert response.status_code == 200 and "Xác nhận nhập" in response.content.decode()
    waiting = files_in(media)
    assert len(waiting) == 1
    path = waiting.pop().resolve()
    assert path.is_relative_to(media.resolve()) and "x.csv" not in path.name
    assert not Path("/tmp/x.csv").exists()


@pytest.mark.parametrize("where, download_url", [
    ("plan scan", lambda w: reverse("plans:scan", args=[w.issued.pk])),
    ("roll-up scan", lambda w: reverse("reports:rollup_scan_file", args=[w.issued_rollup.pk])),
    ("công văn scan", lambda w: reverse("reports:letter_scan_file", args=[w.extra["letters"]["issued"].pk])),
])
def test_a_png_named_pdf_is_kept_as_what_it_is(where, download_url, world, media, login):
    """The content decides for signed scans (PDF, PNG or JPEG, stored under a generated name): a
    PNG sent as scan.pdf is stored and served as a PNG, never with the name's type; plan and
    roll-up scans follow the same rule."""
    persona, send, stored = UPLOADS[where]
    client = login(world.users[persona])
    assert send(client, world, upload("scan.pdf", png_bytes(), "application/pdf")).status_code == 302
    assert stored(world).endswith(".png")
    response, _body = download(client, download_url(world))
    assert response["Content-Type"] == "image/png"



def test_removing_a_file_already_removed_in_another_tab_just_saves(world, media, login):
    """Two tabs, both tick "Gỡ tệp" on the same file: the second save is not refused over a file
    that is already gone (it used to say "hãy sửa các lỗi" with nothing marked)."""
    client = login(world.users["reporter_a"])
    assert send_evidence(client, world, upload("bien-ban.pdf")).status_code == 302
    entry = world.open_report_a.entries.get(is_lead=True)
    evidence = Evidence.objects.get(entry=entry)
    url = reverse("reports:unit_report_edit", args=[world.round2.pk, world.unit_a.pk])
    for _tab in range(2):
        world.open_report_a.refresh_from_db()
        data = report_form_data(world.open_report_a, **{f"e{entry.pk}-remove_evidence": [evidence.pk]})
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert not Evidence.objects.filter(entry=entry).exists()
