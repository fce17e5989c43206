"""Printed documents, level 3: real PDFs from WeasyPrint, parsed with pdfplumber (never mocked).

Each PDF is rendered once per module (a render takes most of a second) inside a transaction that is
rolled back, then inspected by several tests.
"""

import datetime
import io
from collections import defaultdict
from typing import NamedTuple

import pdfplumber
import pytest
from django.db import transaction

from danvan.models import Role
from danvan.tests import factories as f
from reports import documents
from reports.documents import fonts
from reports.documents.registry import build
from reports.tests.factories_documents import MM, add_tasks, deputy_signs, enrich, issue

A4 = (210 * MM, 297 * MM)
TASKS = 28  # enough rows for the appendix to run over two landscape pages


def _make_plan(*, issued: bool):
    org = f.OrganizationFactory(code="pdf-test", name="Ủy ban nhân dân phường An Bình",
                                header_name="ỦY BAN NHÂN DÂN\nPHƯỜNG AN BÌNH", place_name="An Bình")
    units = [f.UnitFactory(organization=org, name=name, short_name=short, order=n) for n, (name, short) in
             enumerate([("Phòng Văn hóa - Xã hội", "VHXH"), ("Trung tâm sự nghiệp công", "TTSNC"),
                        ("Văn phòng HĐND và UBND", "VP")])]
    users = {}
    for role in (Role.EDITOR, Role.APPROVER, Role.CLERK):
        users[role] = f.UserFactory(username=f"pdf-{role}")
        f.MembershipFactory(user=users[role], organization=org, role=role)
    plan = f.PlanFactory(organization=org, drafting_unit=units[0], created_by=users[Role.EDITOR])
    f.TaskFactory(plan=plan, lead_unit=units[0], order=1, due_date=datetime.date(2025, 9, 30))
    enrich(plan)
    add_tasks(plan, TASKS - 1, units, start=2)
    # Enough text for the plan itself to run onto a second page.
    f.SectionFactory(plan=plan, order=4, heading="Chế độ thông tin, báo cáo", body="\n".join(
        [f"- Đoạn {n}: các phòng, đơn vị sự nghiệp thuộc phường định kỳ tổng hợp, báo cáo kết quả thực hiện "
         "công tác dân vận, những khó khăn, vướng mắc và đề xuất, kiến nghị về Ủy ban nhân dân phường "
         "(qua Phòng Văn hóa - Xã hội) để theo dõi, chỉ đạo." for n in range(1, 11)]))
    if issued:
        deputy_signs(plan)
        plan = issue(plan, editor=users[Role.EDITOR], approver=users[Role.APPROVER], clerk=users[Role.CLERK])
    return plan


class Printed(NamedTuple):
    content: bytes
    document: object
    pages: list


def _render(django_db_blocker, *, issued: bool):
    with django_db_blocker.unblock(), transaction.atomic():
        plan = _make_plan(issued=issued)
        document = documents.plan_context(plan)
        content = build(document, "pdf")
        transaction.set_rollback(True)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        yield Printed(content, document, pdf.pages)


@pytest.fixture(scope="module")
def draft(django_db_setup, django_db_blocker):
    yield from _render(django_db_blocker, issued=False)


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker):
    yield from _render(django_db_blocker, issued=True)


def _lines(page) -> list[tuple[float, float, float, str]]:
    """(top, x0, x1, text) per printed line, words joined in reading order."""
    rows = defaultdict(list)
    for word in page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5):
        rows[round(word["bottom"])].append(word)
    out = []
    for bottom, words in sorted(rows.items()):
        words.sort(key=lambda w: w["x0"])
        out.append((min(w["top"] for w in words), words[0]["x0"], words[-1]["x1"], " ".join(w["text"] for w in words)))
    return out


def _first_line(page) -> str:
    """The first line of text below the top margin."""
    return next(line[3] for line in _lines(page) if line[0] > 20 * MM)


def _find(page, text: str):
    matches = page.search(text, regex=False)
    assert matches, f"{text!r} not on page {page.page_number}"
    return matches[0]


def _top_margin_text(page) -> str:
    return " ".join(w["text"] for w in page.extract_words() if w["bottom"] < 20 * MM)


def test_a4_portrait_margins_and_embedded_fonts(draft):
    pages = draft.pages
    portrait = [p for p in pages if p.width < p.height]
    assert len(portrait) >= 2
    for page in portrait:
        assert (page.width, page.height) == pytest.approx(A4, abs=0.5)
        body = [c for c in page.chars if c["top"] > 20 * MM]  # the margin holds only number and mark
        assert min(c["x0"] for c in body) >= 30 * MM - 1
        assert max(c["x1"] for c in body) <= (210 - 15) * MM + 1
        assert max(c["bottom"] for c in body) <= (297 - 20) * MM + 1

    fonts_used = {c["fontname"].split("+")[-1] for page in pages for c in page.chars}
    assert fonts_used <= {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic",
                          "Liberation-Serif-Bold-Italic", "TimesNewRoman", "TimesNewRoman-Bold",
                          "TimesNewRoman-Italic", "TimesNewRoman-BoldItalic"}, fonts_used
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic",
            "Liberation-Serif-Bold-Italic"} <= fonts_used or any("TimesNewRoman" in name for name in fonts_used)


def test_header_blocks_in_place(draft):
    page = draft.pages[0]
    issuer = _find(page, "ỦY BAN NHÂN DÂN")
    ward = _find(page, "PHƯỜNG AN BÌNH")
    nation = _find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = _find(page, "Độc lập - Tự do - Hạnh phúc")
    number = _find(page, "Số:")
    date = _find(page, "An Bình, ngày")
    kind = _find(page, "KẾ HOẠCH")
    title = _find(page, "Triển khai thực hiện công tác dân vận năm 2025")

    # Issuing body on the left, quốc hiệu on the right, on the same first line.
    assert issuer["x1"] < nation["x0"]
    assert issuer["top"] == pytest.approx(nation["top"], abs=2)
    assert ward["top"] > issuer["top"] and motto["top"] > nation["top"]
    # The left block is centred in its 38 % column, the right block in the 62 % one.
    text_left, text_width = 30 * MM, 165 * MM
    assert (issuer["x0"] + issuer["x1"]) / 2 == pytest.approx(text_left + 0.19 * text_width, abs=2 * MM)
    assert (nation["x0"] + nation["x1"]) / 2 == pytest.approx(text_left + 0.69 * text_width, abs=2 * MM)
    # Số and the date share one line, under the two blocks.
    assert number["bottom"] == pytest.approx(date["bottom"], abs=1.5)
    assert number["top"] > ward["bottom"] and date["top"] > motto["bottom"]
    assert number["x1"] < date["x0"]
    # KẾ HOẠCH centred on the text width, below; the trích yếu under it.
    centre = text_left + text_width / 2
    assert kind["top"] > number["bottom"] + 12
    assert (kind["x0"] + kind["x1"]) / 2 == pytest.approx(centre, abs=1.5 * MM)
    assert title["top"] > kind["bottom"]
    assert (title["x0"] + title["x1"]) / 2 == pytest.approx(centre, abs=1.5 * MM)
    # Sizes and faces of FORMAT.md §1.
    def char_at(match):
        return next(c for c in page.chars if c["x0"] >= match["x0"] - 0.1 and abs(c["top"] - match["top"]) < 1)
    assert char_at(nation)["size"] == pytest.approx(13, abs=0.2) and "Bold" in char_at(nation)["fontname"]
    assert char_at(motto)["size"] == pytest.approx(14, abs=0.2)
    assert char_at(number)["size"] == pytest.approx(13, abs=0.2)
    assert "Italic" in char_at(date)["fontname"] and char_at(date)["size"] == pytest.approx(14, abs=0.2)


def test_draft_mark_and_blank_number(draft):
    pages = draft.pages
    for page in pages:
        mark = _find(page, "DỰ THẢO")
        assert mark["bottom"] < 20 * MM  # in the top margin, clear of the text
    # "Số:      /KH-UBND": blanks for the clerk to write the number in.
    words = pages[0].extract_words()
    so = next(w for w in words if w["text"] == "Số:")
    symbol = next(w for w in words if w["text"] == "/KH-UBND")
    assert symbol["x0"] - so["x1"] > 12 and so["bottom"] == pytest.approx(symbol["bottom"], abs=0.5)
    assert not pages[0].search(r"Số: \d", regex=True)


def test_page_numbers_from_page_two_top_centre(draft):
    pages = draft.pages
    assert not any(w["text"].isdigit() for w in pages[0].extract_words() if w["bottom"] < 20 * MM)
    page2 = pages[1]
    numbers = [w for w in page2.extract_words() if w["bottom"] < 20 * MM and w["text"].isdigit()]
    assert [w["text"] for w in numbers] == ["2"]
    assert (numbers[0]["x0"] + numbers[0]["x1"]) / 2 == pytest.approx(page2.width / 2 + 7.5 * MM, abs=2 * MM)


def test_signature_block_and_recipients(draft):
    page = next(p for p in draft.pages if p.search("Nơi nhận:", regex=False))
    recipients = _find(page, "Nơi nhận:")
    authority = _find(page, "TM. ỦY BAN NHÂN DÂN")
    assert recipients["x0"] == pytest.approx(30 * MM, abs=1)
    assert recipients["bottom"] == pytest.approx(authority["bottom"], abs=2)  # level, as NĐ 30 wants
    assert authority["x0"] > recipients["x1"]
    title = _find(page, "CHỦ TỊCH")
    name = _find(page, "Phạm Văn Diện")
    assert title["top"] > authority["bottom"]
    assert name["top"] - title["bottom"] > 20 * MM  # room for the signature and seal
    assert _find(page, "- Lưu: VT, VHXH.")["top"] > recipients["bottom"]
    assert page.search(r"\./\.", regex=True)  # the body ends with ./.


def test_appendix_landscape_header_repeated_rows_whole(draft):
    pages = draft.pages
    appendix = [p for p in pages if p.width > p.height]
    assert len(appendix) >= 2
    assert pages.index(appendix[0]) == len(pages) - len(appendix)  # the appendix closes the document
    for page in appendix:
        assert (page.height, page.width) == pytest.approx(A4, abs=0.5)
        for label in ("STT", "Nội dung nhiệm vụ", "Đơn vị phối hợp", "Thời hạn"):  # the header row
            assert page.search(label, regex=False), (label, page.page_number)
        assert min(c["x0"] for c in page.chars if c["top"] > 20 * MM) >= 30 * MM - 1
    first = appendix[0]
    assert _find(first, "Phụ lục")["top"] < _find(first, "BẢNG TỔNG HỢP NHIỆM VỤ")["top"]
    assert first.search("(Kèm theo Kế hoạch số", regex=False)
    # Numbering restarts in the appendix: none on its first page, "2" on its second.
    assert not any(w["text"].isdigit() for w in first.extract_words() if w["bottom"] < 20 * MM)
    assert [w["text"] for w in appendix[1].extract_words() if w["bottom"] < 20 * MM and w["text"].isdigit()] == ["2"]
    # No row cut across a page break: each task's number and the end of its text share a page.
    stt_right = 30 * MM + 0.05 * 252 * MM
    for n in range(2, TASKS + 1):
        holders = [p for p in appendix if any(
            w["text"] == str(n) and w["x1"] <= stt_right + 1 and w["top"] > 20 * MM for w in p.extract_words())]
        assert len(holders) == 1, n
        assert holders[0].search(f"(nhiệm vụ {n})", regex=False), n


def test_issued_plan_pdf(issued):
    pages = issued.pages
    assert not any(p.search("DỰ THẢO", regex=False) for p in pages)
    first = pages[0]
    number = _find(first, "Số: 05/KH-UBND")
    date = _find(first, "An Bình, ngày 03 tháng 9 năm 2025")
    assert number["bottom"] == pytest.approx(date["bottom"], abs=1.5)
    signature = next(p for p in pages if p.search("Lê Thị Hoa", regex=False))
    assert _find(signature, "KT. CHỦ TỊCH")["top"] < _find(signature, "PHÓ CHỦ TỊCH")["top"] < \
        _find(signature, "Lê Thị Hoa")["top"]
    appendix = next(p for p in pages if p.width > p.height)
    text = " ".join(line[3] for line in _lines(appendix))
    assert "(Kèm theo Kế hoạch số 05/KH-UBND ngày 03 tháng 9 năm 2025 của Ủy ban nhân dân phường An Bình)" in text


def test_missing_font_is_reported_not_replaced(plan, monkeypatch):
    fonts.print_font_files.cache_clear()
    monkeypatch.setattr(fonts, "_fc_match", lambda pattern: (["DejaVu Serif"], "/usr/share/fonts/dejavu.ttf"))
    try:
        with pytest.raises(documents.FontMissingError) as error:
            build(documents.plan_context(plan), "pdf")
        assert str(error.value) == (
            "Không tìm thấy phông Times New Roman hoặc Liberation Serif (cài gói fonts-liberation2)")
    finally:
        fonts.print_font_files.cache_clear()


def test_each_appendix_restarts_its_page_numbers():
    """Two phụ lục (a roll-up BÁO CÁO has them): each starts unnumbered and counts from 1 again."""
    columns = [documents.Column("STT", 10, "center"), documents.Column("Nội dung", 90, "justify")]
    rows = [[str(n), "Kết quả thực hiện nhiệm vụ của các đơn vị trong kỳ báo cáo. " * 8] for n in range(1, 9)]
    appendices = [documents.Appendix(label, f"BẢNG {n}", "(Kèm theo Báo cáo số 12/BC-UBND)",
                                     documents.Table(columns, rows))
                  for n, label in enumerate(["Phụ lục I", "Phụ lục II"], start=1)]
    document = documents.Document(
        kind="report", template="documents/report.html", kind_word="BÁO CÁO", draft=False,
        header_lines=["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BÌNH"], number_line="Số: 12/BC-UBND",
        date_line="An Bình, ngày 05 tháng 01 năm 2026", title="Kết quả công tác dân vận năm 2025",
        signer=documents.Signer("TM. ỦY BAN NHÂN DÂN", ["CHỦ TỊCH"], "Phạm Văn Diện"),
        filename_stem="bao-cao", blocks=[documents.Block("paragraph", "Nội dung báo cáo./.")],
        appendices=appendices)
    with pdfplumber.open(io.BytesIO(build(document, "pdf"))) as pdf:
        marks = []
        for page in pdf.pages:
            numbers = [w["text"] for w in page.extract_words() if w["bottom"] < 20 * MM and w["text"].isdigit()]
            marks.append((page.width > page.height, numbers, _first_line(page)))
    assert marks[0] == (False, [], "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    starts = [n for n, (_landscape, _numbers, first) in enumerate(marks) if first.startswith("Phụ lục")]
    assert [marks[n][2] for n in starts] == ["Phụ lục I", "Phụ lục II"]
    for start, end in zip(starts, starts[1:] + [len(marks)]):
        assert end - start >= 2
        assert [marks[n][1] for n in range(start, end)] == [[]] + [[str(k)] for k in range(2, end - start + 1)]
        assert all(marks[n][0] for n in range(start, end))


def test_url_fetcher_stays_on_this_machine(tmp_path):
    from reports.documents.layout import STYLESHEET
    from reports.documents.pdf import _weasyprint

    fetcher = _weasyprint()[2]
    for url in ("http://127.0.0.1:8000/static/css/site.css", "https://example.com/logo.png",
                "ftp://example.com/x", (tmp_path / "secret.txt").as_uri(), "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch(STYLESHEET.as_uri())
    assert b"@page" in response.read()
    response.close()
