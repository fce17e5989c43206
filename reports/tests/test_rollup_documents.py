"""The roll-up printed as BÁO CÁO: the context (exact values), the HTML (key strings), and the real
PDF, Word and spreadsheet (parsed with pypdf, python-docx, openpyxl)."""

import io

from django.core.management import call_command

from reports.documents import render
from reports.documents.layout import render_html
from reports.rollups.document import rollup_context, rollup_document, rollup_print_data
from reports.models import RollupReport
from reports.tests.factories_rollup import (  # noqa: F401  (fixtures)
    draft_rollup, issue_rollup, issued_rollup, reported_round,
)


def test_context_of_an_issued_roll_up(issued_rollup):
    document = rollup_context(issued_rollup)
    assert (document.kind_word, document.draft) == ("BÁO CÁO", False)
    assert document.header_lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BÌNH"]
    assert document.number_line == "Số: 13/BC-UBND"
    assert document.date_line == "An Bình, ngày 10 tháng 9 năm 2025"
    assert document.filename_stem == "bao-cao-13-BC-UBND-2025"
    assert document.title == "Kết quả thực hiện công tác dân vận năm 2025 (tính đến ngày 02/9/2025)"
    assert document.addressees == ["Ủy ban nhân dân thành phố Thử Nghiệm."]
    texts = [block.text for block in document.blocks]
    assert texts[0].startswith("Thực hiện Kế hoạch số 12/KH-UBND ngày 15/8/2025 của Ủy ban nhân dân phường An Bình")
    headings = [block.text for block in document.blocks if block.kind == "heading"]
    assert headings == ["I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN",
                        "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert ("Có 2/2 đơn vị phải báo cáo đã gửi báo cáo (1 đúng hạn, 1 muộn) (chi tiết tại Phụ lục II kèm theo)."
            in texts)
    assert ("Tổng số 2 nhiệm vụ, trong đó: hoàn thành 1; đang thực hiện 1 (chi tiết tại Phụ lục I kèm theo). "
            "Số liệu tính đến ngày 02/9/2025.") in texts
    assert texts[-1] == ("Trên đây là báo cáo kết quả thực hiện công tác dân vận năm 2025 (tính đến ngày "
                         "02/9/2025) của Ủy ban nhân dân phường An Bình./.")
    assert document.recipients[0] == "- Như trên;" and document.recipients[-1] == "- Lưu: VT, VHXH."
    assert [a.label for a in document.appendices] == ["Phụ lục I", "Phụ lục II"]
    tasks = document.appendices[0]
    assert tasks.attached_line == ("(Kèm theo Báo cáo số 13/BC-UBND ngày 10 tháng 9 năm 2025 của "
                                   "Ủy ban nhân dân phường An Bình)")
    assert tasks.table.rows == [
        ["1", issued_rollup.figures["rows"][0]["content"], "Phòng Văn hóa - Xã hội", "Trung tâm sự nghiệp công",
         "Trước ngày 30/9/2025", "Hoàn thành đúng hạn",
         "Đã tổ chức hội nghị quán triệt"],
        ["2", issued_rollup.figures["rows"][1]["content"], "Trung tâm sự nghiệp công", "", "Thường xuyên",
         "Đang thực hiện", "Tiếp công dân định kỳ"],
    ]
    units = document.appendices[1].table.rows
    assert units == [["1", "Phòng Văn hóa - Xã hội", "1", "Đúng hạn", "01/9/2025"],
                     ["2", "Trung tâm sự nghiệp công", "1", "Gửi muộn", "04/9/2025"]]


def _printed_words(document) -> str:
    return " ".join([document.title, *document.addressees, *(b.text for b in document.blocks), *document.recipients]
                    + [cell for a in document.appendices for row in a.table.rows for cell in row])


def test_workflow_states_stay_on_screen_never_in_print(issued_rollup):
    """Trung tâm sự nghiệp công's report is submitted, not yet accepted: the print says nothing of it."""
    words = _printed_words(rollup_context(issued_rollup)).lower()
    for state in ("chưa tiếp nhận", "chờ tiếp nhận", "đã tiếp nhận", "xem xét", "bị trả lại"):
        assert state not in words, state


def test_every_figure_of_the_text_is_the_count_of_the_appendix_rows(issued_rollup):
    """One source of figures: the sentences and Phụ lục I/II come from the same rows."""
    import re

    document = rollup_context(issued_rollup)
    task_rows, unit_rows = (a.table.rows for a in document.appendices)
    by_status = {}
    for row in task_rows:
        by_status[row[5]] = by_status.get(row[5], 0) + 1
    sentence = next(b.text for b in document.blocks if b.text.startswith("Tổng số"))
    assert int(re.search(r"Tổng số (\d+) nhiệm vụ", sentence)[1]) == len(task_rows)
    for label, word in (("Đang thực hiện", "đang thực hiện"), ("Chưa thực hiện", "chưa thực hiện"),
                        ("Quá hạn, chưa hoàn thành", "quá hạn, chưa hoàn thành")):
        match = re.search(rf"(?<!, ){word} (\d+)", sentence)
        assert (int(match[1]) if match else 0) == by_status.get(label, 0), label
    done = sum(n for label, n in by_status.items() if label.startswith("Hoàn thành"))
    assert int(re.search(r"hoàn thành (\d+)", sentence)[1]) == done
    reporting = next(b.text for b in document.blocks if b.text.startswith("Có "))
    sent = sum(1 for row in unit_rows if row[3] in ("Đúng hạn", "Gửi muộn"))
    assert reporting.startswith(f"Có {sent}/{len(unit_rows)} đơn vị phải báo cáo đã gửi báo cáo")


def test_issued_roll_up_reprints_its_snapshot(issued_rollup):
    RollupReport.objects.filter(pk=issued_rollup.pk).update(results_text="Sửa sau khi ban hành", figures={})
    issued_rollup.refresh_from_db()
    document = rollup_context(issued_rollup)
    texts = [block.text for block in document.blocks]
    assert "Sửa sau khi ban hành" not in texts
    assert any(text.startswith("Có 2/2 đơn vị phải báo cáo") for text in texts)


def test_draft_prints_without_number(draft_rollup):
    document = rollup_document(rollup_print_data(draft_rollup), pk=draft_rollup.pk)
    assert document.draft and document.number_line == "Số:      /BC-UBND"
    assert document.filename_stem == f"du-thao-bao-cao-{draft_rollup.pk}"
    html = render_html(document)
    assert "DỰ THẢO" in html and "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ" in html and "BÁO CÁO" in html
    assert '<p class="kind-word">BÁO CÁO</p>' in html
    assert 'id="appendix-1"' in html and 'id="appendix-2"' in html  # the task table and the units' status


def test_pdf(issued_rollup):
    from pypdf import PdfReader

    filename, mime, content = render("rollup", issued_rollup, "pdf")
    assert (filename, mime) == ("bao-cao-13-BC-UBND-2025.pdf", "application/pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
    for expected in ("BÁO CÁO", "Số: 13/BC-UBND", "An Bình, ngày 10 tháng 9 năm 2025",
                     "Kính gửi: Ủy ban nhân dân thành phố Thử Nghiệm", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
                     "ĐÁNH GIÁ CHUNG", "(1 đúng hạn, 1 muộn)",
                     "Phụ lục I", "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "Phụ lục II",
                     "TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ", "Đã tổ chức hội nghị quán triệt"):
        assert expected in text, expected
    assert "DỰ THẢO" not in text


def test_docx(issued_rollup):
    import docx

    filename, _, content = render("rollup", issued_rollup, "docx")
    assert filename == "bao-cao-13-BC-UBND-2025.docx"
    word = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in word.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in paragraphs
    assert "Bổ sung kinh phí tuyên truyền" not in " ".join(paragraphs)  # a unit's request is not the ward's
    assert paragraphs.count("./.") == 2  # under each appendix's table
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Gửi muộn" in cells and "(chưa tiếp nhận)" not in " ".join(cells)


def test_xlsx_one_row_per_task_and_a_sheet_of_units(issued_rollup):
    import openpyxl

    filename, _, content = render("rollup", issued_rollup, "xlsx")
    assert filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    tasks, units = book.worksheets
    rows = list(tasks.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Tình trạng",
                       "Kết quả thực hiện của đơn vị chủ trì")
    assert len(rows) == 1 + 2  # header + one row per task
    assert rows[1][0] == 1 and rows[1][4] == "Trước ngày 30/9/2025" and rows[1][5] == "Hoàn thành đúng hạn"
    assert rows[2][2] == "Trung tâm sự nghiệp công" and rows[2][5] == "Đang thực hiện"
    unit_rows = list(units.iter_rows(values_only=True))
    assert unit_rows[0][:4] == ("STT", "Đơn vị", "Số nhiệm vụ chủ trì", "Tình hình báo cáo")
    assert [(row[1], row[3]) for row in unit_rows[1:]] == [("Phòng Văn hóa - Xã hội", "Đúng hạn"),
                                                          ("Trung tâm sự nghiệp công", "Gửi muộn")]


def test_print_document_command(issued_rollup, tmp_path):
    out = tmp_path / "bc.pdf"
    call_command("print_document", "rollup", str(issued_rollup.pk), "--format", "pdf", "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF")
