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
    texts = [block.text for block in document.blocks]
    assert "I. TÌNH HÌNH BÁO CÁO VÀ SỐ LIỆU TỔNG HỢP" in texts
    assert "- Số đơn vị phải báo cáo: 2." in texts
    assert "- Báo cáo đúng hạn: 1 đơn vị (Phòng Văn hóa - Xã hội)." in texts
    assert "- Báo cáo muộn: 1 đơn vị (Trung tâm sự nghiệp công (chưa tiếp nhận))." in texts
    assert "- Chưa báo cáo: không có." in texts
    assert "- Hoàn thành: 1 (đúng hạn: 1; quá hạn: 0)." in texts
    assert "V. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI" in texts
    assert texts[-1].endswith("./.")
    assert document.recipients[-1] == "- Lưu: VT, VHXH."
    assert [a.label for a in document.appendices] == ["Phụ lục I", "Phụ lục II"]
    tasks = document.appendices[0]
    assert tasks.attached_line == ("(Kèm theo Báo cáo số 13/BC-UBND ngày 10 tháng 9 năm 2025 của "
                                   "Ủy ban nhân dân phường An Bình)")
    assert tasks.table.rows == [
        ["1", issued_rollup.figures["rows"][0]["content"], "Phòng Văn hóa - Xã hội", "Trung tâm sự nghiệp công",
         "Trước ngày 30/09/2025", "Hoàn thành đúng hạn", "Đã tổ chức hội nghị quán triệt"],
        ["2", issued_rollup.figures["rows"][1]["content"], "Trung tâm sự nghiệp công", "", "Thường xuyên",
         "Đang thực hiện, nhiệm vụ thường xuyên", "Tiếp công dân định kỳ (chưa tiếp nhận)"],
    ]
    units = document.appendices[1].table.rows
    assert units == [["1", "Phòng Văn hóa - Xã hội", "Đúng hạn", "09:00 01/09/2025", "Đã tiếp nhận"],
                     ["2", "Trung tâm sự nghiệp công", "Gửi muộn (chưa tiếp nhận)", "09:00 04/09/2025",
                      "Chờ tiếp nhận"]]


def test_issued_roll_up_reprints_its_snapshot(issued_rollup):
    RollupReport.objects.filter(pk=issued_rollup.pk).update(results_text="Sửa sau khi ban hành", figures={})
    issued_rollup.refresh_from_db()
    document = rollup_context(issued_rollup)
    texts = [block.text for block in document.blocks]
    assert "Sửa sau khi ban hành" not in texts
    assert "- Số đơn vị phải báo cáo: 2." in texts


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
                     "TÌNH HÌNH BÁO CÁO VÀ SỐ LIỆU TỔNG HỢP", "Báo cáo muộn: 1 đơn vị",
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
    assert "- Báo cáo đúng hạn: 1 đơn vị (Phòng Văn hóa - Xã hội)." in paragraphs
    assert "IV. ĐỀ XUẤT, KIẾN NGHỊ" in paragraphs
    assert "- Phòng Văn hóa - Xã hội: Bổ sung kinh phí tuyên truyền." in paragraphs
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Đã tổ chức hội nghị quán triệt" in cells and "Gửi muộn (chưa tiếp nhận)" in cells


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
    assert rows[1][0] == 1 and rows[1][4] == "Trước ngày 30/09/2025" and rows[1][5] == "Hoàn thành đúng hạn"
    assert rows[2][2] == "Trung tâm sự nghiệp công" and rows[2][5] == "Đang thực hiện, nhiệm vụ thường xuyên"
    unit_rows = list(units.iter_rows(values_only=True))
    assert unit_rows[0][:3] == ("STT", "Đơn vị", "Tình hình báo cáo")
    assert [row[1:3] for row in unit_rows[1:]] == [("Phòng Văn hóa - Xã hội", "Đúng hạn"),
                                                  ("Trung tâm sự nghiệp công", "Gửi muộn (chưa tiếp nhận)")]


def test_print_document_command(issued_rollup, tmp_path):
    out = tmp_path / "bc.pdf"
    call_command("print_document", "rollup", str(issued_rollup.pk), "--format", "pdf", "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF")
