"""Editing a plan in the browser without reloads: header, stale saves, sections, citations."""

import datetime

import pytest
from django.urls import reverse

from danvan.tests import factories as f
from plans import services
from plans.models import Citation, LegalDocument, Plan, PlanSection

HX = {"HTTP_HX_REQUEST": "true"}


def _header_data(plan, **changes):
    data = {"title": plan.title, "year": plan.year, "period_label": plan.period_label,
            "period_start": plan.period_start.isoformat(), "period_end": plan.period_end.isoformat(),
            "implements": plan.implements_id or "", "drafting_unit": plan.drafting_unit_id or "",
            "intro": plan.intro, "closing": plan.closing, "appendix_title": plan.appendix_title,
            "version": plan.version}
    data.update(changes)
    return data


def test_create_plan_with_the_second_shape(login, editor, org, unit_a):
    client = login(editor)
    page = client.get(reverse("plans:create")).content.decode()
    assert "Mẫu 1: I. MỤC ĐÍCH, YÊU CẦU – II. NỘI DUNG – III. TỔ CHỨC THỰC HIỆN" in page
    assert "Mẫu 2: I. MỤC ĐÍCH, YÊU CẦU – II. NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP – III. TỔ CHỨC THỰC HIỆN" in page
    response = client.post(reverse("plans:create"), {
        "title": "Thực hiện công tác dân vận năm 2026", "year": 2026, "period_label": "năm 2026",
        "period_start": "01/01/2026", "period_end": "31/12/2026", "drafting_unit": unit_a.pk, "shape": "tasks",
        "appendix_title": "Phụ lục"})
    plan = Plan.objects.get(title="Thực hiện công tác dân vận năm 2026")
    assert response.status_code == 302 and response["Location"] == reverse("plans:edit", args=[plan.pk])
    assert plan.organization == org and plan.period_end == datetime.date(2026, 12, 31)
    assert list(plan.sections.values_list("heading", flat=True)) == [
        "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"]


def test_create_shows_errors_next_to_fields(login, editor):
    response = login(editor).post(reverse("plans:create"), {
        "title": "", "year": 1990, "period_start": "31/12/2026", "period_end": "01/01/2026", "shape": ""})
    page = response.content.decode()
    assert response.status_code == 200 and not Plan.objects.exists()
    assert "Hãy nhập trích yếu của kế hoạch." in page
    assert page.count("Ngày kết thúc phải sau ngày bắt đầu.") == 1


@pytest.mark.parametrize("year, start, end, messages", [
    ("abc", "01/01/9999", "31/12/9999", ["Năm phải là một số trong khoảng 2000–2100.",
                                         "Ngày bắt đầu phải trong khoảng năm 2000–2100.",
                                         "Ngày kết thúc phải trong khoảng năm 2000–2100."]),
    ("-1", "01/01/0001", "31/12/2026", ["Năm phải là một số trong khoảng 2000–2100.",
                                        "Ngày bắt đầu phải trong khoảng năm 2000–2100."]),
])
def test_create_refuses_years_outside_the_register(login, editor, unit_a, year, start, end, messages):
    """Such dates were accepted and later broke adding rounds, generating them and copying the plan."""
    response = login(editor).post(reverse("plans:create"), {
        "title": "Kế hoạch", "year": year, "period_start": start, "period_end": end, "drafting_unit": unit_a.pk,
        "shape": ""})
    page = response.content.decode()
    assert response.status_code == 200 and not Plan.objects.exists()
    for message in messages:
        assert message in page


def test_a_pasted_megabyte_is_refused_in_words(login, editor, plan):
    """Text fields stop at 100.000 characters: a megabyte pasted into the intro was saved and then
    took 44 s to print."""
    data = _header_data(plan, intro="Tuyên truyền. " * 75_000)
    response = login(editor).post(reverse("plans:edit", args=[plan.pk]), data)
    page = response.content.decode()
    assert "Nội dung quá dài: tối đa 100.000 ký tự (1049999 ký tự đã nhập)." in page  # the last space is trimmed
    assert "maxlength" not in page  # the server says the limit; a browser would cut silently
    plan.refresh_from_db()
    assert plan.version == 1 and len(plan.intro) < 1000


def test_edit_shows_a_period_error_once(login, editor, plan):
    data = _header_data(plan, period_start="31/12/2026", period_end="01/01/2026")
    page = login(editor).post(reverse("plans:edit", args=[plan.pk]), data).content.decode()
    assert page.count("Ngày kết thúc phải sau ngày bắt đầu.") == 1
    plan.refresh_from_db()
    assert plan.version == 1


def test_header_save_by_htmx_returns_the_card(login, editor, plan):
    response = login(editor).post(reverse("plans:edit", args=[plan.pk]),
                                  _header_data(plan, title="Trích yếu mới"), **HX)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="header-card"' in page and "Đã lưu" in page
    plan.refresh_from_db()
    assert plan.title == "Trích yếu mới" and plan.version == 2
    # the other form on the page learns the new version (out-of-band swap)
    assert 'id="id_sig_version" hx-swap-oob="true"' in page and 'value="2"' in page


def test_stale_header_save_is_refused_and_shows_what_changed(login, editor, plan):
    editor.first_name, editor.last_name = "Lê", "Văn Hùng"
    editor.save()
    old_version = plan.version
    services.plan_update(plan=plan, user=editor, data={"title": "Tiêu đề người A đã lưu"},
                         expected_version=old_version)
    response = login(editor).post(reverse("plans:edit", args=[plan.pk]),
                                  _header_data(plan, title="Tiêu đề người B đang gõ", version=old_version), **HX)
    page = response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Tiêu đề người A đã lưu"  # not overwritten
    assert "Kế hoạch đã được người khác sửa lúc" in page and "bởi Lê Văn Hùng" in page
    assert "Tiêu đề người A đã lưu" in page  # their value
    assert "Tiêu đề người B đang gõ" in page  # the typed text is still in the form
    assert f'name="version" value="{plan.version}"' in page  # a second click overwrites on purpose


def test_stale_save_without_htmx_renders_the_whole_page(login, editor, plan):
    services.plan_update(plan=plan, user=editor, data={"signer_name": "Người A"}, expected_version=1)
    response = login(editor).post(reverse("plans:signing", args=[plan.pk]), {
        "recipients": "Lưu: VT.", "signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_title": "CHỦ TỊCH",
        "signer_deputy_title": "", "signer_name": "Người B", "version": 1})
    page = response.content.decode()
    assert response.status_code == 200 and "Kế hoạch đã được người khác sửa lúc" in page
    assert "Họ tên người ký" in page and "Người B" in page
    plan.refresh_from_db()
    assert plan.signer_name == "Người A"


def test_pick_the_implemented_document(login, editor, plan):
    document = f.LegalDocumentFactory(kind="Quyết định", number="3177/QĐ-UBND", issuer="Ủy ban nhân dân thành phố")
    client = login(editor)
    results = client.get(reverse("plans:document_search"), {"q": "3177", "purpose": "pick"}).content.decode()
    assert f'data-pick-document="{document.pk}"' in results
    client.post(reverse("plans:edit", args=[plan.pk]), _header_data(plan, implements=document.pk), **HX)
    plan.refresh_from_db()
    assert plan.implements == document
    assert "Quyết định số 3177/QĐ-UBND" in client.get(reverse("plans:edit", args=[plan.pk])).content.decode()


def test_suggest_recipients_fills_the_field(login, editor, plan, unit_a, unit_b):
    response = login(editor).get(reverse("plans:suggest_recipients", args=[plan.pk]),
                                 {"recipients": "Thường trực Đảng ủy;"}, **HX)
    page = response.content.decode()
    assert 'id="recipients-field"' in page
    assert f"Thường trực Đảng ủy;\n{unit_a.name};\n{unit_b.name};\nLưu: VT, VHXH." in page
    plan.refresh_from_db()
    assert plan.recipients == "Thường trực Đảng ủy;\nLưu: VT, VHXH."  # nothing saved


@pytest.mark.parametrize("query", ["33/CT-TTg", "33/ct-ttg", "chi thi 33", "Chỉ thị 33", "dân chủ ở cơ sở",
                                   "dan chu o co so"])
def test_document_search_with_and_without_diacritics(login, editor, query):
    f.LegalDocumentFactory(kind="Chỉ thị", number="33/CT-TTg",
                           subject="về tiếp tục tăng cường và đổi mới công tác dân vận")
    f.LegalDocumentFactory(kind="Luật", number="", name="Luật Thực hiện dân chủ ở cơ sở",
                           issuer="Quốc hội", subject="")
    f.LegalDocumentFactory(kind="Nghị định", number="61/2023/NĐ-CP", subject="về hương ước, quy ước")
    page = login(editor).get(reverse("plans:document_search"), {"q": query}).content.decode()
    expected = "33/CT-TTg" if "33" in query else "Luật Thực hiện dân chủ ở cơ sở"
    assert expected in page
    assert "61/2023/NĐ-CP" not in page


def test_add_citation_from_the_registry(login, editor, plan):
    document = f.LegalDocumentFactory(number="33/CT-TTg")
    client = login(editor)
    response = client.post(reverse("plans:citation_add", args=[plan.pk]),
                           {"document": document.pk, "role": "basis", "q": "33"}, **HX)
    assert 'id="citation-list"' in response.content.decode()
    assert plan.citations.get().document == document
    again = client.post(reverse("plans:citation_add", args=[plan.pk]), {"document": document.pk, "role": "basis"},
                        **HX).content.decode()
    assert "đã có trong danh sách căn cứ" in again and plan.citations.count() == 1


def test_citation_role_move_delete(login, editor, plan):
    first = f.CitationFactory(plan=plan, order=1)
    second = f.CitationFactory(plan=plan, order=2)
    client = login(editor)
    client.post(reverse("plans:citation_move", args=[second.pk]), {"direction": "up"}, **HX)
    assert list(plan.citations.filter(role="basis")) == [second, first]
    page = client.post(reverse("plans:citation_role", args=[first.pk]), {"role": "carry_out"}, **HX).content.decode()
    assert "Văn bản triển khai thực hiện" in page
    assert Citation.objects.get(pk=first.pk).role == "carry_out"
    client.post(reverse("plans:citation_delete", args=[first.pk]), **HX)
    assert list(plan.citations.all()) == [second]


PASTED = ("Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ về xây dựng và thực hiện hương ước, "
          "quy ước của cộng đồng dân cư")


def test_paste_a_new_citation_prefills_a_form_then_saves(login, editor, plan):
    client = login(editor)
    page = client.post(reverse("plans:citation_parse", args=[plan.pk]), {"text": PASTED, "role": "basis"},
                       **HX).content.decode()
    assert not LegalDocument.objects.exists()  # nothing saved before checking
    assert 'value="61/2023/NĐ-CP"' in page and 'value="16/08/2023"' in page and 'value="Chính phủ"' in page
    assert '<option value="Nghị định" selected>' in page
    assert "về xây dựng và thực hiện hương ước" in page
    response = client.post(reverse("plans:citation_paste_save", args=[plan.pk]), {
        "prefix": "p0", "p0-kind": "Nghị định", "p0-number": "61/2023/NĐ-CP", "p0-issued_on": "2023-08-16",
        "p0-issuer": "Chính phủ", "p0-subject": "về xây dựng và thực hiện hương ước, quy ước", "p0-name": "",
        "p0-role": "basis"}, **HX)
    document = LegalDocument.objects.get()
    assert document.issued_on == datetime.date(2023, 8, 16) and document.issuer == "Chính phủ"
    assert plan.citations.get().document == document
    assert "Đã thêm trích dẫn" in response.content.decode()
    assert 'id="citation-list" hx-swap-oob="true"' in response.content.decode()


def test_paste_finds_a_document_already_in_the_registry(login, editor, plan):
    existing = f.LegalDocumentFactory(kind="Nghị định", number="61/2023/NĐ-CP", issued_on=datetime.date(2023, 8, 16))
    client = login(editor)
    page = client.post(reverse("plans:citation_parse", args=[plan.pk]), {"text": PASTED, "role": "carry_out"},
                       **HX).content.decode()
    assert "Văn bản này đã có trong danh mục" in page and f'value="{existing.pk}"' in page
    client.post(reverse("plans:citation_add", args=[plan.pk]),
                {"document": existing.pk, "role": "carry_out", "from": "paste"}, **HX)
    # Saving the same number again through the form reuses the entry: never entered twice.
    client.post(reverse("plans:citation_paste_save", args=[plan.pk]), {
        "prefix": "p0", "p0-kind": "Nghị định", "p0-number": "61/2023/nđ-cp", "p0-role": "basis"}, **HX)
    assert LegalDocument.objects.count() == 1
    assert set(plan.citations.values_list("document_id", "role")) == {(existing.pk, "carry_out"),
                                                                        (existing.pk, "basis")}


def test_another_communes_document_with_the_same_number_is_not_taken_for_ours(login, editor, plan):
    """Every commune has its "12/KH-UBND": a pasted citation with another date is another document
    (it was silently replaced by the first one in the registry)."""
    theirs = f.LegalDocumentFactory(kind="Kế hoạch", number="12/KH-UBND", issued_on=datetime.date(2026, 1, 5),
                                    issuer="UBND thành phố")
    client = login(editor)
    text = "Kế hoạch số 12/KH-UBND ngày 10/02/2026 của UBND xã Tân Lương"
    page = client.post(reverse("plans:citation_parse", args=[plan.pk]), {"text": text, "role": "basis"},
                       **HX).content.decode()
    assert "Văn bản này đã có trong danh mục" not in page and 'value="10/02/2026"' in page
    client.post(reverse("plans:citation_paste_save", args=[plan.pk]), {
        "prefix": "p0", "p0-kind": "Kế hoạch", "p0-number": "12/KH-UBND", "p0-issued_on": "10/02/2026",
        "p0-issuer": "UBND xã Tân Lương", "p0-subject": "", "p0-name": "", "p0-role": "basis"}, **HX)
    ours = plan.citations.get().document
    assert ours != theirs and (ours.issued_on, ours.issuer) == (datetime.date(2026, 2, 10), "UBND xã Tân Lương")
    theirs.refresh_from_db()
    assert theirs.issuer == "UBND thành phố"


def test_pasting_text_that_is_not_a_citation_keeps_it(login, editor, plan):
    text = "Họp giao ban toàn cơ quan vào sáng thứ Hai hằng tuần"
    page = login(editor).post(reverse("plans:citation_parse", args=[plan.pk]), {"text": text}, **HX).content.decode()
    assert "Không nhận ra trích dẫn văn bản nào" in page
    assert text in page  # still in the box
    assert not LegalDocument.objects.exists()


def test_paste_save_shows_errors_next_to_fields(login, editor, plan):
    page = login(editor).post(reverse("plans:citation_paste_save", args=[plan.pk]), {
        "prefix": "p0", "p0-kind": "Nghị định", "p0-number": "", "p0-name": "", "p0-issued_on": "32/13/2023",
        "p0-role": "basis"}, **HX).content.decode()
    assert "Cần có số, ký hiệu hoặc tên văn bản." in page and "Ngày không hợp lệ." in page
    assert not LegalDocument.objects.exists()


def test_sections_add_edit_move_delete(login, editor, plan):
    client = login(editor)
    added = client.post(reverse("plans:section_add", args=[plan.pk]), {"heading": "MỤC ĐÍCH, YÊU CẦU"}, **HX)
    first = PlanSection.objects.get()
    assert f'id="section-{first.pk}"' in added.content.decode()
    assert 'id="section-add"' in added.content.decode()  # a fresh add form
    second = services.section_add(plan=plan, user=editor, heading="NỘI DUNG")
    response = client.post(reverse("plans:section_update", args=[first.pk]), {
        "heading": "MỤC ĐÍCH, YÊU CẦU", "body": "1. Mục đích\n- Tuyên truyền",
        "marker": services.section_marker(first)}, **HX)
    assert "Đã lưu" in response.content.decode()
    first.refresh_from_db()
    assert first.body == "1. Mục đích\n- Tuyên truyền"
    moved = client.post(reverse("plans:section_move", args=[second.pk]), {"direction": "up"}, **HX)
    assert moved.status_code == 204
    assert list(plan.sections.values_list("heading", flat=True)) == ["NỘI DUNG", "MỤC ĐÍCH, YÊU CẦU"]
    detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "I. NỘI DUNG" in detail and "II. MỤC ĐÍCH, YÊU CẦU" in detail
    client.post(reverse("plans:section_delete", args=[second.pk]), **HX)
    assert list(plan.sections.all()) == [first]


def test_section_add_without_heading_says_so(login, editor, plan):
    response = login(editor).post(reverse("plans:section_add", args=[plan.pk]), {"heading": " "}, **HX)
    assert "Hãy nhập tiêu đề của mục." in response.content.decode()
    assert response["HX-Retarget"] == "#section-add"
    assert not plan.sections.exists()


def test_stale_section_save_keeps_the_typed_text(login, editor, plan):
    section = f.SectionFactory(plan=plan, heading="NỘI DUNG", body="Bản đầu")
    marker = services.section_marker(section)
    services.section_update(section=section, user=editor, heading="NỘI DUNG", body="Bản người A",
                            expected_marker=marker)
    page = login(editor).post(reverse("plans:section_update", args=[section.pk]), {
        "heading": "NỘI DUNG", "body": "Bản người B", "marker": marker}, **HX).content.decode()
    assert "Mục này đã được người khác sửa lúc" in page
    assert "Bản người A" in page and "Bản người B" in page
    section.refresh_from_db()
    assert section.body == "Bản người A"


def test_edit_page_shows_every_part(login, editor, plan):
    f.SectionFactory(plan=plan, heading="TỔ CHỨC THỰC HIỆN")
    page = login(editor).get(reverse("plans:edit", args=[plan.pk])).content.decode()
    for text in ["Thông tin chung", "Căn cứ và văn bản triển khai", "Dán trích dẫn", "TỔ CHỨC THỰC HIỆN",
                 "Nơi nhận và người ký", "Gợi ý nơi nhận", "Gửi phê duyệt", 'id="tasks-card"', 'id="rounds-card"']:
        assert text in page
    assert "<script>" not in page and "style=" not in page and "onclick" not in page
