"""The database refuses bad data on its own, and the models say why in Vietnamese.

Each rule is tried twice: straight into the database (IntegrityError, whatever code wrote it) and
through the model's validation (the message a form shows next to the field).
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from danvan.models import IssuedNumber, Membership, Role, Unit
from danvan.tests import factories as f
from plans.models import LegalDocument, Plan
from reports.models import UnitReport
from tasks.models import ReportingRound, Task

D = datetime.date


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def messages_of(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def register_entry(org, number=1, year=2025):
    return IssuedNumber.objects.create(organization=org, year=year, number=number, kind="KH", symbol="KH-UBND",
                                       issued_on=D(year, 7, 15))


# --- Organizations, units, memberships, the register -------------------------------------------


def test_reporter_needs_a_unit(org):
    user = f.UserFactory(username="bao-cao")
    refused_by_database(lambda: Membership.objects.create(user=user, organization=org, role=Role.REPORTER))
    assert messages_of(Membership(user=user, organization=org, role=Role.REPORTER)) == {
        "unit": ["Cán bộ báo cáo phải thuộc một đơn vị."]}


def test_membership_unit_must_belong_to_the_organization(org, other_org):
    stranger = f.UnitFactory(organization=other_org)
    user = f.UserFactory(username="nham-don-vi")
    assert messages_of(Membership(user=user, organization=org, role=Role.REPORTER, unit=stranger)) == {
        "unit": ["Đơn vị không thuộc cơ quan đã chọn."]}


def test_unit_name_is_unique_in_its_organization(org, other_org, unit_a):
    refused_by_database(lambda: Unit.objects.create(organization=org, name=unit_a.name))
    assert "đã tồn tại" in messages_of(Unit(organization=org, name=unit_a.name))[NON_FIELD_ERRORS][0]
    Unit.objects.create(organization=other_org, name=unit_a.name)  # another organization may use the name


def test_register_number_is_unique_per_organization_and_year(org, other_org):
    register_entry(org, number=5, year=2025)
    refused_by_database(lambda: register_entry(org, number=5, year=2025))
    duplicate = IssuedNumber(organization=org, year=2025, number=5, kind="BC", symbol="BC-UBND",
                             issued_on=D(2025, 8, 1))
    assert "đã tồn tại" in messages_of(duplicate)[NON_FIELD_ERRORS][0]
    register_entry(org, number=5, year=2026)  # a new year starts again at 1
    register_entry(other_org, number=5, year=2025)  # each organization has its own register
    assert IssuedNumber.objects.filter(number=5).count() == 3


def test_register_number_starts_at_one(org):
    refused_by_database(lambda: register_entry(org, number=0))


# --- Legal documents and plans -------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["33/CT-TTg", "33/ct-ttg", "33/CT - TTg", " 33/Ct-TTG "])
def test_legal_document_number_and_date_are_unique_however_typed(db, typed):
    f.LegalDocumentFactory(number="33/CT-TTg", issued_on=D(2021, 11, 26))
    refused_by_database(lambda: f.LegalDocumentFactory(number=typed, issued_on=D(2021, 11, 26)))
    assert messages_of(LegalDocument(kind="Chỉ thị", number=typed, issued_on=D(2021, 11, 26))) == {
        "number": ["Văn bản có số, ký hiệu và ngày ban hành này đã có trong danh mục."]}


def test_the_same_number_on_another_date_is_another_document(db):
    """Every commune issues its own "12/KH-UBND": one number, many documents, told apart by date."""
    city = f.LegalDocumentFactory(kind="Kế hoạch", number="12/KH-UBND", issued_on=D(2026, 1, 5),
                                  issuer="UBND thành phố")
    commune = f.LegalDocumentFactory(kind="Kế hoạch", number="12/KH-UBND", issued_on=D(2026, 2, 10),
                                     issuer="UBND xã Tân Lương")
    assert city.pk != commune.pk and LegalDocument.objects.filter(number_key=city.number_key).count() == 2


def test_laws_cited_by_name_may_share_an_empty_number(db):
    f.LegalDocumentFactory(kind="Luật", number="", name="Luật Thực hiện dân chủ ở cơ sở")
    f.LegalDocumentFactory(kind="Luật", number="", name="Luật Tiếp công dân")
    assert LegalDocument.objects.filter(number="").count() == 2


def test_legal_document_needs_a_number_or_a_name(db):
    refused_by_database(lambda: LegalDocument.objects.create(kind="Luật", number="", name=""))
    assert messages_of(LegalDocument(kind="Luật")) == {"number": ["Cần có số, ký hiệu hoặc tên văn bản."]}


def test_plan_period_cannot_end_before_it_starts(org):
    refused_by_database(lambda: f.PlanFactory(organization=org, period_start=D(2025, 12, 31), period_end=D(2025, 7, 1)))
    plan = f.PlanFactory.build(organization=org, period_start=D(2025, 12, 31), period_end=D(2025, 7, 1))
    assert messages_of(plan)["period_end"] == ["Ngày kết thúc phải sau ngày bắt đầu."]


def test_plan_drafting_unit_must_belong_to_the_organization(org, other_org):
    plan = f.PlanFactory.build(organization=org, drafting_unit=f.UnitFactory(organization=other_org))
    assert messages_of(plan)["drafting_unit"] == ["Đơn vị soạn thảo không thuộc cơ quan ban hành."]


def test_issued_plan_needs_its_number_date_and_register_entry(org):
    refused_by_database(lambda: f.PlanFactory(organization=org, status="issued"))
    refused_by_database(lambda: f.PlanFactory(organization=org, status="issued", number=1, issued_on=D(2025, 7, 15)))
    entry = register_entry(org, number=1)
    issued = f.PlanFactory(organization=org, status="issued", number=1, issued_on=entry.issued_on,
                           register_entry=entry)
    assert Plan.objects.issued().get() == issued
    with pytest.raises(ValidationError):
        f.PlanFactory.build(organization=org, status="issued").full_clean()


def test_a_draft_has_no_number(org):
    refused_by_database(lambda: f.PlanFactory(organization=org, status="draft", number=4))
    with pytest.raises(ValidationError):
        f.PlanFactory.build(organization=org, status="draft", number=4).full_clean()


def test_one_register_entry_serves_one_plan(org):
    entry = register_entry(org, number=2)
    f.PlanFactory(organization=org, status="issued", number=2, issued_on=entry.issued_on, register_entry=entry)
    refused_by_database(lambda: f.PlanFactory(organization=org, status="issued", number=2,
                                              issued_on=entry.issued_on, register_entry=entry))


# --- Tasks and rounds ---------------------------------------------------------------------------


def test_task_due_by_date_needs_a_date(plan, unit_a):
    refused_by_database(lambda: f.TaskFactory(plan=plan, lead_unit=unit_a, due_kind="date", due_date=None))
    task = Task(plan=plan, lead_unit=unit_a, content="Tuyên truyền", due_kind="date")
    assert messages_of(task)["due_date"] == ["Cần nhập thời hạn (hoặc chọn “Thường xuyên”)."]


def test_continuous_task_has_no_date(plan):
    task = plan.tasks.get(due_kind="continuous")
    # save() clears the date of a continuous task; written around it, the database refuses.
    refused_by_database(lambda: Task.objects.filter(pk=task.pk).update(due_date=D(2025, 9, 30)))
    task.due_date = D(2025, 9, 30)
    task.save()
    task.refresh_from_db()
    assert task.due_date is None


def test_extension_cannot_be_before_the_due_date(plan):
    task = plan.tasks.get(due_kind="date")
    refused_by_database(lambda: Task.objects.filter(pk=task.pk).update(extended_due_date=D(2025, 9, 1)))
    task.extended_due_date = D(2025, 9, 1)
    assert messages_of(task)["extended_due_date"] == ["Thời hạn gia hạn phải sau thời hạn ban đầu."]


def test_round_deadline_cannot_be_before_its_period_starts(plan):
    refused_by_database(lambda: f.RoundFactory(plan=plan, deadline=D(2025, 9, 3), period_start=D(2025, 9, 10)))
    refused_by_database(lambda: f.RoundFactory(plan=plan, deadline=D(2025, 9, 3), period_start=D(2025, 8, 31),
                                               period_end=D(2025, 8, 1)))
    bad = ReportingRound(plan=plan, name="Báo cáo lần 3", deadline=D(2025, 9, 3), period_start=D(2025, 9, 10))
    assert messages_of(bad)["deadline"] == ["Hạn báo cáo không được trước kỳ chốt số liệu."]
    early = ReportingRound(plan=plan, name="Báo cáo lần 3", deadline=D(2025, 9, 3), period_start=D(2025, 8, 1),
                           period_end=D(2025, 9, 14))
    assert messages_of(early)["deadline"] == [
        "Hạn báo cáo phải sau ngày chốt số liệu cuối (số liệu được chốt rồi mới báo cáo)."]
    reversed_period = ReportingRound(plan=plan, name="Báo cáo lần 3", deadline=D(2025, 9, 3),
                                     period_start=D(2025, 8, 31), period_end=D(2025, 8, 1))
    assert messages_of(reversed_period)["period_end"] == ["Ngày chốt cuối phải sau ngày chốt đầu."]


def test_round_deadline_far_from_the_plan_is_refused_by_validation(plan):
    far = ReportingRound(plan=plan, name="Báo cáo lần 3", deadline=D(2030, 1, 1))
    assert messages_of(far)["deadline"] == ["Hạn báo cáo nằm quá xa thời gian thực hiện kế hoạch."]


def test_lead_unit_of_another_organization_is_refused(plan, other_org):
    stranger = f.UnitFactory(organization=other_org, name="Công an xã Bình Yên")
    refused_by_database(lambda: f.TaskFactory(plan=plan, lead_unit=stranger))
    task = plan.tasks.get(order=1)
    refused_by_database(lambda: Task.objects.filter(pk=task.pk).update(lead_unit=stranger))
    task.lead_unit = stranger
    assert messages_of(task)["lead_unit"] == ["Đơn vị chủ trì không thuộc cơ quan ban hành kế hoạch."]


def test_coordinating_unit_of_another_organization_is_refused(plan, other_org, unit_b):
    stranger = f.UnitFactory(organization=other_org, name="Hội Nông dân xã Bình Yên")
    task = plan.tasks.get(order=1)
    refused_by_database(lambda: task.coordinating_units.add(stranger))
    assert list(task.coordinating_units.all()) == [unit_b]


def test_moving_a_plan_to_another_organization_is_refused_while_its_tasks_stay(plan, other_org):
    # The units belong to `org`; the tasks' trigger fires on task writes, so touching a task of a
    # plan whose organization changed is refused.
    Plan.objects.filter(pk=plan.pk).update(organization=other_org)
    task = plan.tasks.get(order=1)
    refused_by_database(lambda: Task.objects.filter(pk=task.pk).update(content="Sửa"))


# --- Reports -----------------------------------------------------------------------------------


def test_one_report_per_unit_and_round(plan, unit_a):
    round1 = plan.rounds.order_by("deadline").first()
    UnitReport.objects.create(round=round1, unit=unit_a)
    refused_by_database(lambda: UnitReport.objects.create(round=round1, unit=unit_a))
    assert "đã tồn tại" in messages_of(UnitReport(round=round1, unit=unit_a))[NON_FIELD_ERRORS][0]
    UnitReport.objects.create(round=plan.rounds.order_by("deadline").last(), unit=unit_a)  # next round: fine


def test_submitted_report_has_its_time(plan, unit_a):
    round1 = plan.rounds.order_by("deadline").first()
    refused_by_database(lambda: UnitReport.objects.create(round=round1, unit=unit_a, status="submitted"))
