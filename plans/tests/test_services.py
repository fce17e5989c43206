"""The plan services: creation shapes, optimistic locking, workflow, numbering, snapshot, scans."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.models import IssuedNumber
from danvan.tests import factories as f
from plans import services
from plans.models import Citation, LegalDocument, PlanSection, PlanStatus

ISSUE_DAY = datetime.date(2025, 8, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _approved(plan, editor, approver):
    services.plan_submit(plan=plan, user=editor)
    return services.plan_approve(plan=plan, user=approver)


def _issued(plan, editor, approver, clerk, number=None):
    _approved(plan, editor, approver)
    return services.plan_issue(plan=plan, user=clerk, issued_on=ISSUE_DAY, number=number)


def test_create_with_shape_makes_the_three_sections(org, editor):
    data = {"title": "Kế hoạch thử", "year": 2025, "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 12, 31)}
    plan = services.plan_create(organization=org, user=editor, data=data, shape="tasks")
    assert [s.heading for s in plan.sections.all()] == [
        "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"]
    assert plan.status == PlanStatus.DRAFT and plan.created_by == editor
    assert plan.signer_authority == org.authority_line
    empty = services.plan_create(organization=org, user=editor, data=data, shape="")
    assert not empty.sections.exists()
    assert plan.history.first().history_user == editor


def test_update_increments_version_and_refuses_a_stale_copy(plan, editor, approver):
    start = plan.version
    services.plan_update(plan=plan, user=editor, data={"title": "Tiêu đề của người thứ nhất"}, expected_version=start)
    with pytest.raises(services.StaleEdit) as caught:
        services.plan_update(plan=plan, user=approver, data={"title": "Tiêu đề của người thứ hai"},
                             expected_version=start)
    plan.refresh_from_db()
    assert plan.title == "Tiêu đề của người thứ nhất"  # nothing overwritten
    assert plan.version == start + 1
    error = caught.value
    assert "đã được người khác sửa lúc" in error.message and "bởi" in error.message
    assert [(c.label, c.theirs, c.yours) for c in error.changes] == [
        ("Trích yếu", "Tiêu đề của người thứ nhất", "Tiêu đề của người thứ hai")]


def test_stale_lists_fields_changed_outside_the_users_form(plan, editor):
    start = plan.version
    services.plan_update(plan=plan, user=editor, data={"signer_name": "Trần Thị Bình"}, expected_version=start)
    with pytest.raises(services.StaleEdit) as caught:
        services.plan_update(plan=plan, user=editor, data={"title": "Khác"}, expected_version=start)
    [change] = caught.value.changes
    assert change.label == "Họ tên người ký" and change.theirs == "Trần Thị Bình"


def test_section_stale_save_is_refused(plan, editor):
    section = f.SectionFactory(plan=plan, heading="NỘI DUNG", body="Bản đầu")
    marker = services.section_marker(section)
    services.section_update(section=section, user=editor, heading="NỘI DUNG", body="Bản của A",
                            expected_marker=marker)
    with pytest.raises(services.StaleEdit) as caught:
        services.section_update(section=section, user=editor, heading="NỘI DUNG", body="Bản của B",
                                expected_marker=marker)
    section.refresh_from_db()
    assert section.body == "Bản của A"
    assert [(c.name, c.theirs, c.yours) for c in caught.value.changes] == [("body", "Bản của A", "Bản của B")]
    assert caught.value.message.startswith("Mục này đã được người khác sửa lúc")


def test_sections_move_and_delete_keep_a_dense_order(plan, editor):
    one, two, three = (services.section_add(plan=plan, user=editor, heading=h) for h in ("A", "B", "C"))
    services.section_move(section=three, user=editor, direction="up")
    assert [s.heading for s in plan.sections.all()] == ["A", "C", "B"]
    services.section_move(section=one, user=editor, direction="up")  # already first: no change
    services.section_delete(section=one, user=editor)
    assert [(s.heading, s.order) for s in plan.sections.all()] == [("C", 1), ("B", 2)]


def test_workflow_submit_return_approve_issue(plan, editor, approver, clerk):
    services.plan_submit(plan=plan, user=editor)
    with pytest.raises(ValidationError) as caught:
        services.plan_return(plan=plan, user=approver, reason="   ")
    assert "reason" in caught.value.message_dict
    services.plan_return(plan=plan, user=approver, reason="Bổ sung căn cứ Chỉ thị 33")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.return_reason == "Bổ sung căn cứ Chỉ thị 33"
    services.plan_submit(plan=plan, user=editor)
    approved = services.plan_approve(plan=plan, user=approver)
    assert approved.status == PlanStatus.APPROVED and approved.approved_by == approver and approved.approved_at
    issued = services.plan_issue(plan=plan, user=clerk, issued_on=ISSUE_DAY)
    assert issued.status == PlanStatus.ISSUED and issued.number == 1 and issued.issued_on == ISSUE_DAY
    assert issued.register_entry.year == 2025 and issued.register_entry.kind == "KH"


def test_transitions_refuse_the_wrong_status(plan, editor, approver, clerk):
    with pytest.raises(ValidationError, match="Chờ phê duyệt|Dự thảo"):
        services.plan_approve(plan=plan, user=approver)
    with pytest.raises(ValidationError):
        services.plan_issue(plan=plan, user=clerk, issued_on=ISSUE_DAY)
    assert not IssuedNumber.objects.exists()


def test_issue_takes_the_next_free_number_of_the_year(org, plan, editor, approver, clerk):
    IssuedNumber.objects.create(organization=org, year=2025, number=7, kind="BC", symbol="BC-UBND",
                                issued_on=ISSUE_DAY)
    IssuedNumber.objects.create(organization=org, year=2024, number=40, kind="KH", symbol="KH-UBND",
                                issued_on=datetime.date(2024, 5, 1))
    issued = _issued(plan, editor, approver, clerk)
    assert issued.number == 8
    assert issued.number_display == "08/KH-UBND"


def test_clerk_chosen_duplicate_number_is_refused(org, plan, editor, approver, clerk):
    IssuedNumber.objects.create(organization=org, year=2025, number=12, kind="KH", symbol="KH-UBND",
                                issued_on=ISSUE_DAY)
    _approved(plan, editor, approver)
    with pytest.raises(ValidationError) as caught:
        services.plan_issue(plan=plan, user=clerk, issued_on=ISSUE_DAY, number=12)
    assert "đã được cấp" in caught.value.message_dict["number"][0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.number is None
    issued = services.plan_issue(plan=plan, user=clerk, issued_on=ISSUE_DAY, number=13)
    assert issued.number == 13


def test_an_issued_plan_is_read_only(plan, editor, approver, clerk):
    section = f.SectionFactory(plan=plan)
    citation = f.CitationFactory(plan=plan)
    issued = _issued(plan, editor, approver, clerk)
    refusals = [
        lambda: services.plan_update(plan=issued, user=editor, data={"title": "x"}, expected_version=issued.version),
        lambda: services.section_add(plan=issued, user=editor, heading="Mới"),
        lambda: services.section_update(section=section, user=editor, heading="x", body="",
                                        expected_marker=services.section_marker(section)),
        lambda: services.section_delete(section=section, user=editor),
        lambda: services.citation_add(plan=issued, user=editor, document=f.LegalDocumentFactory(), role="basis"),
        lambda: services.citation_delete(citation=citation, user=editor),
        lambda: services.plan_submit(plan=issued, user=editor),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError, match="Đã ban hành"):
            refuse()
    assert PlanSection.objects.filter(pk=section.pk).exists() and Citation.objects.filter(pk=citation.pk).exists()


def test_snapshot_holds_every_printed_value(plan, editor, approver, clerk, unit_a, unit_b):
    document = f.LegalDocumentFactory(number="33/CT-TTg")
    services.citation_add(plan=plan, user=editor, document=document, role="basis")
    services.section_add(plan=plan, user=editor, heading="MỤC ĐÍCH, YÊU CẦU", body="1. Mục đích")
    services.section_add(plan=plan, user=editor, heading="NỘI DUNG", body="- Tuyên truyền")
    issued = _issued(plan, editor, approver, clerk)
    snap = issued.snapshot
    assert snap["number_display"] == "01/KH-UBND" and snap["issued_on"] == "2025-08-15"
    assert snap["date_line"] == "An Bình, ngày 15 tháng 8 năm 2025"
    assert snap["organization"]["header_lines"] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BÌNH"]
    assert [c["number"] for c in snap["citations"]] == ["33/CT-TTg"]
    assert snap["basis"] == [document.citation_text()]
    assert [(s["numeral"], s["heading"]) for s in snap["sections"]] == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "NỘI DUNG")]
    first, second = snap["tasks"]
    assert first["lead_unit"] == unit_a.name and first["coordinating_units"] == [unit_b.name]
    assert first["due"] == "Trước ngày 30/09/2025" and second["due"] == "Thường xuyên"
    assert [r["deadline"] for r in snap["rounds"]] == ["2025-09-03", "2025-12-02"]
    assert snap["recipients"] == ["Thường trực Đảng ủy;", "Lưu: VT, VHXH."]
    assert snap["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "deputy_title": "",
                              "name": "Phạm Văn Diện"}
    import json
    assert json.loads(json.dumps(snap)) == snap  # plain data


def test_attach_scan_checks_content_and_size(plan, editor, approver, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match="ban hành"):
        services.plan_attach_scan(plan=plan, user=clerk, upload=SimpleUploadedFile("a.pdf", PDF))
    issued = _issued(plan, editor, approver, clerk)
    with pytest.raises(ValidationError) as caught:
        services.plan_attach_scan(plan=issued, user=clerk, upload=SimpleUploadedFile("giả.pdf", b"MZ not a pdf"))
    assert "Nội dung tệp không phải PDF, ảnh PNG hoặc ảnh JPEG" in caught.value.message_dict["file"][0]
    settings.UPLOAD_MAX_BYTES = 20
    with pytest.raises(ValidationError, match="quá lớn"):
        services.plan_attach_scan(plan=issued, user=clerk, upload=SimpleUploadedFile("a.pdf", PDF))
    settings.UPLOAD_MAX_BYTES = 10_000
    saved = services.plan_attach_scan(plan=issued, user=clerk, upload=SimpleUploadedFile("Bản ký.pdf", PDF))
    assert saved.signed_scan.name.startswith("signed/") and saved.signed_scan.name.endswith(".pdf")
    assert "Bản ký" not in saved.signed_scan.name
    with saved.signed_scan.open("rb") as handle:
        assert handle.read() == PDF


def test_a_new_scan_replaces_the_old_file(plan, editor, approver, clerk, settings, tmp_path,
                                          django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    issued = _issued(plan, editor, approver, clerk)
    first = services.plan_attach_scan(plan=issued, user=clerk, upload=SimpleUploadedFile("a.pdf", PDF)).signed_scan.name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.plan_attach_scan(plan=issued, user=clerk, upload=SimpleUploadedFile("b.pdf", PDF))
    assert second.signed_scan.name != first
    assert not (tmp_path / first).exists() and (tmp_path / second.signed_scan.name).exists()


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1944, 12, 31), datetime.date(9999, 1, 1)])
def test_register_refuses_a_document_date_no_legal_document_can_have(db, day):
    with pytest.raises(ValidationError) as refused:
        services.legal_document_register(kind="Nghị định", number="1/2099/NĐ-CP", issued_on=day)
    assert refused.value.message_dict == {"issued_on": ["Ngày ban hành phải trong khoảng năm 1945–2100."]}
    assert not LegalDocument.objects.exists()


@pytest.mark.parametrize("number", ["/", " - ", "./."])
def test_register_refuses_a_number_made_of_punctuation(db, number):
    with pytest.raises(ValidationError) as refused:
        services.legal_document_register(kind="Quyết định", number=number)
    assert refused.value.message_dict == {"number": ["Số, ký hiệu văn bản phải có chữ hoặc số, ví dụ 33/CT-TTg."]}
    assert not LegalDocument.objects.exists()


def test_register_reuses_a_document_by_number_key(db):
    existing = f.LegalDocumentFactory(kind="Nghị định", number="61/2023/NĐ-CP")
    found, created = services.legal_document_register(kind="Nghị định", number="61/2023/nđ-cp ",
                                                      issuer="Chính phủ")
    assert (found, created) == (existing, False)
    law, created = services.legal_document_register(kind="Luật", name="Luật Thực hiện dân chủ ở cơ sở",
                                                    issued_on=datetime.date(2022, 11, 10))
    assert created and law.number == ""
    again, created = services.legal_document_register(kind="Luật", name="luật thực hiện dân chủ ở cơ sở")
    assert again == law and not created
    assert LegalDocument.objects.count() == 2


def test_citations_are_unique_per_role_and_reorder(plan, editor):
    a, b = f.LegalDocumentFactory(), f.LegalDocumentFactory()
    first = services.citation_add(plan=plan, user=editor, document=a, role="basis")
    services.citation_add(plan=plan, user=editor, document=b, role="basis")
    with pytest.raises(ValidationError, match="đã có"):
        services.citation_add(plan=plan, user=editor, document=a, role="basis")
    services.citation_move(citation=first, user=editor, direction="down")
    assert [c.document for c in plan.citations.filter(role="basis")] == [b, a]
    services.citation_set_role(citation=first, user=editor, role="carry_out")
    assert plan.citations.get(document=a).role == "carry_out"


def test_suggest_recipients_from_the_assigned_units(plan, unit_a, unit_b):
    text = services.plan_suggest_recipients(plan=plan, current="Thường trực Đảng ủy;\nLưu: VT.")
    assert text.splitlines() == ["Thường trực Đảng ủy;", f"{unit_a.name};", f"{unit_b.name};", "Lưu: VT, VHXH."]
    # Units already listed are not repeated.
    assert services.plan_suggest_recipients(plan=plan, current=text) == text


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_once_issue_once(plan, editor, approver, clerk, org):
    """Both clerks press "Ban hành" at the same moment: the plan row lock lets one through."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (PostgreSQL)")
    second_clerk = f.UserFactory(username="clerk2")
    f.MembershipFactory(user=second_clerk, organization=org, role="clerk")
    _approved(plan, editor, approver)
    barrier = threading.Barrier(2)
    outcomes = []

    def issue(user):
        try:
            barrier.wait()
            services.plan_issue(plan=plan, user=user, issued_on=ISSUE_DAY)
            outcomes.append("issued")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(user,)) for user in (clerk, second_clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "issued" and "Không thể ban hành" in sorted(outcomes)[0]
    assert IssuedNumber.objects.filter(organization=org).count() == 1
