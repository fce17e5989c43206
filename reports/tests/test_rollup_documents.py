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


GROUP_WORDS = {"hoàn thành": ("Hoàn thành đúng hạn", "Hoàn thành quá hạn"), "đang thực hiện": ("Đang thực hiện",),
               "chưa thực hiện": ("Chưa thực hiện",), "quá hạn chưa hoàn thành": ("Quá hạn, chưa hoàn thành",)}


def _group_figures_match_the_appendix(document) -> list[str]:
    """Each group of section II ("1. <line of work>", its sentence "Có N nhiệm vụ: …", its task
    lines) against the rows of Phụ lục I for those tasks: the same number per status. Returns the
    headings checked."""
    import re

    by_content = {row[1]: row for row in document.appendices[0].table.rows}
    texts = [block.text for block in document.blocks]
    start = texts.index("II. KẾT QUẢ THỰC HIỆN")
    section = texts[start + 2:texts.index("III. ĐÁNH GIÁ CHUNG")]
    headings = []
    for n, text in enumerate(section):
        if not re.match(r"^\d+\. ", text):
            continue
        headings.append(text)
        sentence = section[n + 1]
        lines = []
        for line in section[n + 2:]:
            if not line.startswith("- "):
                break
            lines.append(line)
        rows = [next(row for content, row in by_content.items() if line.startswith(f"- {content} ("))
                for line in lines]
        total = int(re.match(r"^Có (\d+) nhiệm vụ: ", sentence)[1])
        assert total == len(rows), text
        said = sentence.split(": ", 1)[1].rstrip(".")
        if total == 1:  # "Có 1 nhiệm vụ: đang thực hiện."
            said = "1 " + said.removeprefix("đã ")
        for word, labels in GROUP_WORDS.items():
            match = re.search(rf"(?<!chưa )(\d+) {word}\b", said)
            assert (int(match[1]) if match else 0) == sum(row[5] in labels for row in rows), (text, word)
    return headings


def test_the_figures_of_each_line_of_work_are_the_counts_of_its_appendix_rows(reported_round, editor, approver,
                                                                              clerk):
    """Task 1 belongs to section II of the plan, the other to none: two groups, each sentence the
    count of its tasks' rows in Phụ lục I; and a third task in the section makes it "Có 2 …"."""
    from danvan.tests import factories as f
    from reports.rollups import services
    from reports.tests.factories_rollup import local
    import time_machine

    plan = reported_round.plan
    section = f.SectionFactory(plan=plan, order=2, heading="CÔNG TÁC TUYÊN TRUYỀN, PHỔ BIẾN")
    task1, task2 = plan.tasks.order_by("order")
    task1.section = section
    task1.save()
    task3 = f.TaskFactory(plan=plan, order=3, lead_unit=task2.lead_unit, section=section,
                          content="Tổ chức tọa đàm về Dân vận khéo")
    with time_machine.travel(local(2025, 9, 5), tick=False):
        rollup = issue_rollup(services.rollup_compile(round=reported_round, user=editor),
                              approver=approver, clerk=clerk)
    document = rollup_context(rollup)
    assert _group_figures_match_the_appendix(document) == ["1. Công tác tuyên truyền, phổ biến",
                                                           "2. Các nhiệm vụ khác"]
    texts = [block.text for block in document.blocks]
    assert "Có 2 nhiệm vụ: 1 hoàn thành, 1 chưa thực hiện." in texts
    assert "Có 1 nhiệm vụ: đang thực hiện." in texts
    assert f"- {task3.content} ({task2.lead_unit.name} chủ trì; chưa có báo cáo kết quả)." in texts


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
