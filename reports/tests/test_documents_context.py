"""Printed documents, level 1 and 2: the context (exact values) and the HTML (key strings).

No WeasyPrint here: the context is plain data, the HTML is a Django template.
"""

import datetime

import pytest

from danvan.tests import factories as f
from danvan.text import date_line
from plans.models import Plan
from reports import documents
from reports.documents.cache import cache_key
from reports.documents.context import Block, body_blocks, end_body, recipient_lines
from reports.documents.layout import render_html
from reports.tests.factories_documents import deputy_signs, enrich, issue
from tasks.models import Task


def test_draft_plan_context(plan, unit_a, unit_b):
    doc = documents.plan_context(plan)

    assert doc.draft is True
    assert doc.kind_word == "KẾ HOẠCH"
    assert doc.header_lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BÌNH"]
    assert doc.parent_line == ""
    assert doc.number_line == "Số:      /KH-UBND"
    assert doc.date_line == date_line("An Bình", None, 2025) == "An Bình, ngày      tháng      năm 2025"  # its year
    assert doc.title == "Triển khai thực hiện công tác dân vận năm 2025"
    assert doc.recipients == ["- Thường trực Đảng ủy;", "- Lưu: VT, VHXH."]
    assert doc.signer == documents.Signer("TM. ỦY BAN NHÂN DÂN", ["CHỦ TỊCH"], "Phạm Văn Diện")
    assert doc.filename_stem == f"du-thao-ke-hoach-{plan.pk}"

    [appendix] = doc.appendices
    assert appendix.label == "Phụ lục"
    assert appendix.title == "BẢNG TỔNG HỢP NHIỆM VỤ, PHÂN CÔNG TRÁCH NHIỆM"
    assert appendix.attached_line.startswith("(Kèm theo Kế hoạch số       /KH-UBND ngày      tháng      năm ")
    assert appendix.attached_line.endswith(" của Ủy ban nhân dân phường An Bình)")
    assert [c.label for c in appendix.table.columns] == [
        "STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Sản phẩm"]
    first, second = appendix.table.rows
    task1, task2 = Task.objects.filter(plan=plan).order_by("order")
    assert first == ["1", task1.content, "Phòng Văn hóa - Xã hội", "Trung tâm sự nghiệp công",
                     "Trước ngày 30/9/2025", "Báo cáo kết quả"]
    assert second == ["2", task2.content, "Trung tâm sự nghiệp công", "", "Thường xuyên", "Báo cáo kết quả"]


def test_issued_plan_context_prints_number_date_and_deputy_signer(plan, editor, approver, clerk):
    deputy_signs(plan)
    plan = issue(plan, editor=editor, approver=approver, clerk=clerk, number=5,
                 issued_on=datetime.date(2025, 9, 3))
    doc = documents.plan_context(plan)

    assert doc.draft is False
    assert doc.number_line == "Số: 05/KH-UBND"
    assert doc.date_line == "An Bình, ngày 03 tháng 9 năm 2025"
    assert doc.signer.authority == "TM. ỦY BAN NHÂN DÂN"
    assert doc.signer.title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert doc.signer.name == "Lê Thị Hoa"
    assert doc.appendices[0].attached_line == (
        "(Kèm theo Kế hoạch số 05/KH-UBND ngày 03 tháng 9 năm 2025 của Ủy ban nhân dân phường An Bình)")
    assert doc.filename_stem == "ke-hoach-05-KH-UBND-2025"


def test_date_line_pads_days_and_months_one_and_two(plan, editor, approver, clerk):
    plan = issue(plan, editor=editor, approver=approver, clerk=clerk, number=125,
                 issued_on=datetime.date(2026, 2, 15))
    doc = documents.plan_context(plan)
    assert doc.date_line == "An Bình, ngày 15 tháng 02 năm 2026"
    assert doc.number_line == "Số: 125/KH-UBND"
    assert "Kế hoạch số 125/KH-UBND ngày 15 tháng 02 năm 2026 của" in doc.appendices[0].attached_line
    assert doc.filename_stem == "ke-hoach-125-KH-UBND-2026"


def test_issued_plan_reprints_its_snapshot_not_later_edits(plan, editor, approver, clerk):
    plan = issue(plan, editor=editor, approver=approver, clerk=clerk)
    # Someone changes the rows behind the issued plan (e.g. through the admin).
    Plan.objects.filter(pk=plan.pk).update(title="Tiêu đề sửa sau khi ký")
    Task.objects.filter(plan=plan).update(content="Nội dung sửa sau khi ký")
    plan.refresh_from_db()

    doc = documents.plan_context(plan)
    assert doc.title == "Triển khai thực hiện công tác dân vận năm 2025"
    assert "Nội dung sửa sau khi ký" not in [row[1] for row in doc.appendices[0].table.rows]


def test_draft_context_follows_live_edits(plan):
    before = documents.plan_context(plan)
    plan.title = "Kế hoạch đã sửa"
    plan.save()
    after = documents.plan_context(plan)
    assert after.title == "Kế hoạch đã sửa"
    assert cache_key(before, "pdf") != cache_key(after, "pdf")


def test_basis_lines_and_body(plan, unit_a):
    enrich(plan)
    doc = documents.plan_context(plan)

    assert doc.basis_lines == [
        "Thực hiện Quyết định số 3177/QĐ-UBND ngày 06/8/2025 của Ủy ban nhân dân thành phố Hải Phòng "
        "ban hành danh mục nhiệm vụ công tác dân vận;",
        "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục tăng cường và đổi "
        "mới công tác dân vận.",
    ]
    kinds_and_starts = [(b.kind, b.text[:22]) for b in doc.blocks]
    assert kinds_and_starts[:6] == [
        ("paragraph", "Ủy ban nhân dân ban hàn"[:22]),
        ("heading", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("subheading", "1. Mục đích"),
        ("item", "- Tuyên truyền, phổ bi"),
        ("subheading", "2. Yêu cầu"),
        ("item", "- Nội dung thực hiện c"),
    ]
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN"]
    # A numbered sentence is a khoản without a title: upright, not bold.
    assert Block("paragraph", "2. Thực hiện tốt quy chế dân chủ ở cơ sở.") in doc.blocks
    # The body points to the appendix, right after the section about the tasks, and ends with ./.
    texts = [b.text for b in doc.blocks]
    reference = next(i for i, t in enumerate(texts) if "chi tiết tại Phụ lục kèm theo" in t)
    assert texts[reference - 1] == "2. Thực hiện tốt quy chế dân chủ ở cơ sở."
    assert texts[-1].endswith("trước ngày 03/9/2025./.")


def test_text_rules():
    assert end_body("Trên đây là Kế hoạch.") == "Trên đây là Kế hoạch./."
    assert end_body("như sau:") == "như sau./."
    assert end_body("đã xong./.") == "đã xong./."
    assert recipient_lines(["Như trên;", "- Thường trực Đảng ủy", "Lưu: VT, VP.", "UBMTTQ phường."]) == [
        "- Như trên;", "- Thường trực Đảng ủy;", "- UBMTTQ phường;", "- Lưu: VT, VP."]
    assert recipient_lines([], "VHXH") == ["- Lưu: VT, VHXH."]
    assert [b.kind for b in body_blocks("1. Mục đích\n\na) điểm a;\n+ ý\nĐoạn văn.")] == [
        "subheading", "item", "item", "paragraph"]


def test_html_escapes_user_text_and_marks_drafts(plan):
    plan.title = 'Kế hoạch <script>alert("x")</script> & <b>đậm</b>'
    plan.save()
    task = plan.tasks.first()
    task.content = "<img src=http://example.com/x.png> nhiệm vụ"
    task.save()
    html = render_html(documents.plan_context(plan))

    assert "<script>" not in html and "<img" not in html and "<b>đậm" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in html
    assert "&lt;img src=http://example.com/x.png&gt; nhiệm vụ" in html
    assert '<div class="draft-mark">DỰ THẢO</div>' in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert '<td class="number">Số:      /KH-UBND</td>' in html
    assert '<p class="kind-word">KẾ HOẠCH</p>' in html
    assert '<p class="recipients-label">Nơi nhận:</p>' in html
    assert '<section class="appendix" id="appendix-1">' in html
    assert "<thead><tr><th>STT</th><th>Nội dung nhiệm vụ</th>" in html


def test_html_of_issued_plan_has_no_draft_mark(plan, editor, approver, clerk):
    plan = issue(plan, editor=editor, approver=approver, clerk=clerk)
    html = render_html(documents.plan_context(plan))
    assert "DỰ THẢO" not in html
    assert '<td class="number">Số: 05/KH-UBND</td>' in html
    assert '<td class="date">An Bình, ngày 03 tháng 9 năm 2025</td>' in html


def test_report_template_prints_kinh_gui(org):
    """The shared layout serves a BÁO CÁO too: Kính gửi for a report sent upward."""
    doc = documents.Document(
        kind="report", template="documents/report.html", kind_word="BÁO CÁO", draft=False,
        header_lines=["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BÌNH"], number_line="Số: 12/BC-UBND",
        date_line="An Bình, ngày 05 tháng 01 năm 2026", title="Kết quả công tác dân vận năm 2025",
        signer=documents.Signer("TM. ỦY BAN NHÂN DÂN", ["CHỦ TỊCH"], "Phạm Văn Diện"),
        filename_stem="bao-cao-12-BC-UBND-2026", addressees=["- Thành ủy;", "- Ủy ban nhân dân thành phố."],
        blocks=[Block("paragraph", "Nội dung./.")])
    html = render_html(doc)
    assert '<p class="kind-word">BÁO CÁO</p>' in html
    assert "<p>Kính gửi:</p>" in html and '<p class="addressee">- Thành ủy;</p>' in html
    assert "appendix" not in html.split("<body>")[1]


def test_registry_errors_are_vietnamese(plan):
    with pytest.raises(documents.DocumentError, match="Không có loại văn bản “rollupx”"):
        documents.render("rollupx", plan, "pdf")
    with pytest.raises(documents.DocumentError, match="không xuất được định dạng “odt”"):
        documents.render("plan", plan, "odt")


def test_plan_without_tasks_has_no_appendix_and_no_xlsx(org):
    bare = f.PlanFactory(organization=org)
    doc = documents.plan_context(bare)
    assert doc.appendices == []
    assert not any("Phụ lục" in b.text for b in doc.blocks)
    with pytest.raises(documents.DocumentError, match="không có bảng phụ lục"):
        documents.render("plan", bare, "xlsx")


def test_appendix_reference_not_repeated_when_the_body_has_one(plan):
    f.SectionFactory(plan=plan, order=1, heading="Nội dung", body=(
        "Các phòng, đơn vị thực hiện các nhiệm vụ theo Bảng tổng hợp kèm theo Kế hoạch này."))
    texts = [b.text for b in documents.plan_context(plan).blocks]
    assert not any("chi tiết tại Phụ lục kèm theo" in t for t in texts)
    assert texts[-1] == "Các phòng, đơn vị thực hiện các nhiệm vụ theo Bảng tổng hợp kèm theo Kế hoạch này./."
