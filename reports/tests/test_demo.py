"""`manage.py load_demo`: what a new user finds after `make run`, and that reruns change nothing."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.urls import reverse

from danvan.models import IssuedNumber, Membership, Organization, Unit
from danvan.tests.factories import OrganizationFactory
from plans.models import Citation, LegalDocument, Plan
from tasks.models import ReportingRound, Task

# What README.md documents: one shared password and these accounts.
PASSWORD = "DanVan@2025"
ACCOUNTS = [
    # username, organization code, role, unit name or None
    ("admin", "phu-lien", "admin", None),
    ("quantri", "phu-lien", "admin", None),
    ("bientap", "phu-lien", "editor", "Phòng Văn hóa - Xã hội"),
    ("pheduyet", "phu-lien", "approver", None),
    ("vanthu", "phu-lien", "clerk", "Văn phòng HĐND và UBND"),
    ("baocao_vhxh", "phu-lien", "reporter", "Phòng Văn hóa - Xã hội"),
    ("baocao_ttsn", "phu-lien", "reporter", "Trung tâm sự nghiệp công phường"),
    ("xem", "phu-lien", "viewer", None),
    ("thanhpho", "hai-phong", "viewer", None),
    ("tanluong", "hoa-phong", "editor", "Công chức Văn hóa - Xã hội"),
]
PHU_LIEN_TITLE = ("Triển khai thực hiện công tác dân vận của các cơ quan hành chính nhà nước, chính quyền cơ sở "
                  "trên địa bàn phường Phù Liễn năm 2025")


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo(db):
    load()


@pytest.fixture
def phu_lien_plan(demo):
    return Plan.objects.get(organization__code="phu-lien", title=PHU_LIEN_TITLE)


def d(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def test_second_run_creates_and_changes_nothing(db):
    first_output = load()
    after_first = row_counts()
    stamps = sorted(Plan.objects.values_list("pk", "updated_at"))
    hashes = sorted(get_user_model().objects.values_list("username", "password"))

    second_output = load()

    assert row_counts() == after_first  # every model, history tables included
    assert sorted(Plan.objects.values_list("pk", "updated_at")) == stamps
    assert sorted(get_user_model().objects.values_list("username", "password")) == hashes
    # 3 plans, and 2 more waiting for the approver and the clerk (reports.demo.waiting_work).
    assert after_first["plans.Plan"] == 5 and after_first["tasks.Task"] == 35
    assert "Kế hoạch: 5 tạo mới, 0 đã có" in first_output
    assert "Kế hoạch: 0 tạo mới, 5 đã có" in second_output
    assert "không tạo thêm gì" in second_output


def test_output_lists_every_account_and_the_password(db):
    output = load()
    assert f"mật khẩu chung: {PASSWORD}" in output
    for username, *_rest in ACCOUNTS:
        assert f"  {username} " in output


def test_organizations_form_a_city_with_two_communes(demo):
    city = Organization.objects.get(code="hai-phong")
    phu_lien = Organization.objects.get(code="phu-lien")
    assert city.name == "Ủy ban nhân dân thành phố Hải Phòng"
    assert city.header_lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"]
    assert phu_lien.parent == city
    assert phu_lien.header_lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG PHÙ LIỄN"]
    assert (phu_lien.place_name, phu_lien.issuer_symbol, phu_lien.authority_line) == (
        "Phù Liễn", "UBND", "TM. ỦY BAN NHÂN DÂN")
    assert Organization.objects.get(code="hoa-phong").parent == city


def test_phu_lien_units_and_contact(demo):
    units = {unit.name: unit for unit in Unit.objects.filter(organization__code="phu-lien")}
    vhxh = units["Phòng Văn hóa - Xã hội"]
    assert (vhxh.short_name, vhxh.contact_name, vhxh.contact_title, vhxh.contact_phone) == (
        "VHXH", "Hoàng Thị Thu Hà", "chuyên viên", "0356 154 194")
    assert {"Trung tâm sự nghiệp công phường", "Văn phòng HĐND và UBND",
            "Phòng Kinh tế, Hạ tầng và Đô thị"} <= set(units)
    assert units["Ủy ban Mặt trận Tổ quốc Việt Nam phường"].kind == "external"


def test_phu_lien_plan_is_issued_as_125(phu_lien_plan):
    plan = phu_lien_plan
    assert (plan.status, plan.number, plan.issued_on) == ("issued", 125, d("15/08/2025"))
    assert plan.number_display == "125/KH-UBND"
    entry = plan.register_entry
    assert (entry.organization.code, entry.year, entry.number, entry.kind, entry.symbol) == (
        "phu-lien", 2025, 125, "KH", "KH-UBND")
    assert (plan.year, plan.period_label, plan.period_start, plan.period_end) == (
        2025, "6 tháng cuối năm 2025", d("01/07/2025"), d("31/12/2025"))
    assert [s.heading for s in plan.sections.all()] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    assert plan.sections.all()[0].body.startswith("1. Mục đích")
    assert "\n2. Yêu cầu\n" in plan.sections.all()[0].body
    assert plan.recipient_lines() == [
        "Thường trực Đảng ủy;", "CT, các PCT UBND phường;", "Các phòng chuyên môn;", "UBMTTQVN phường;",
        "Các ĐVSN thuộc phường;", "Lưu: VT, VHXH."]
    assert (plan.signer_authority, plan.signer_title, plan.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Văn Diện")


def test_phu_lien_rounds(phu_lien_plan):
    rounds = list(phu_lien_plan.rounds.all())
    assert [(r.name, r.deadline) for r in rounds] == [
        ("Báo cáo lần 1", d("03/09/2025")), ("Báo cáo lần 2", d("02/12/2025"))]
    assert (rounds[0].period_start, rounds[0].period_end) == (d("01/07/2025"), d("31/08/2025"))


def test_phu_lien_cites_every_sample_document_exactly(phu_lien_plan):
    cited = {c.document.number or c.document.name: (c.role, c.document)
             for c in Citation.objects.filter(plan=phu_lien_plan).select_related("document")}
    expected = {
        # number or name: (role, kind, date, issuer)
        "3177/QĐ-UBND": ("basis", "Quyết định", "06/08/2025", "Ủy ban nhân dân thành phố Hải Phòng"),
        "33/CT-TTg": ("carry_out", "Chỉ thị", "26/11/2021", "Thủ tướng Chính phủ"),
        "16/CT-TTg": ("carry_out", "Chỉ thị", "16/05/2016", "Thủ tướng Chính phủ"),
        "114-KL/TW": ("carry_out", "Kết luận", "14/07/2015", "Ban Bí thư Trung ương Đảng"),
        "Luật Thực hiện dân chủ ở cơ sở": ("carry_out", "Luật", "10/11/2022", "Quốc hội"),
        "Luật sửa đổi, bổ sung một số điều của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, Luật Thanh niên "
        "và Luật Thực hiện dân chủ ở cơ sở": ("carry_out", "Luật", "27/06/2025", "Quốc hội"),
        "1669/NQ-UBTVQH15": ("carry_out", "Nghị quyết", "16/06/2025", "Ủy ban Thường vụ Quốc hội"),
        "23-QĐ/TW": ("carry_out", "Quyết định", "30/07/2021", "Bộ Chính trị"),
        "59/2023/NĐ-CP": ("carry_out", "Nghị định", "14/08/2023", "Chính phủ"),
        "61/2023/NĐ-CP": ("carry_out", "Nghị định", "16/08/2023", "Chính phủ"),
        "446-QĐ/TU": ("carry_out", "Quyết định", "26/11/2021", "Ban Thường vụ Thành ủy"),
    }
    for key, (role, kind, date, issuer) in expected.items():
        cited_role, document = cited[key]
        assert (cited_role, document.kind, document.issued_on, document.issuer) == (role, kind, d(date), issuer), key
    assert phu_lien_plan.implements.number == "3177/QĐ-UBND"
    # Laws cited by name carry no invented number; the Party resolution named alone has no date.
    assert cited["Luật Thực hiện dân chủ ở cơ sở"][1].number == ""
    assert cited["Nghị quyết Đại hội XIII của Đảng"][1].issued_on is None
    assert LegalDocument.objects.get(number="1669/NQ-UBTVQH15").subject == (
        "về việc sắp xếp đơn vị hành chính cấp xã của thành phố Hải Phòng năm 2025")
    assert LegalDocument.objects.get(number="3177/QĐ-UBND").subject.startswith(
        "ban hành danh mục nhiệm vụ thực hiện công tác dân vận 6 tháng cuối năm 2025")


def test_phu_lien_task_table(phu_lien_plan):
    tasks = list(Task.objects.filter(plan=phu_lien_plan).select_related("lead_unit")
                 .prefetch_related("coordinating_units"))
    assert 8 <= len(tasks) <= 12
    assert {t.lead_unit.organization_id for t in tasks} == {phu_lien_plan.organization_id}
    assert all(t.output for t in tasks)
    assert {t.due_kind for t in tasks} == {"date", "month", "quarter", "continuous"}
    assert "Quý IV/2025" in {t.due_label for t in tasks}
    assert sum(1 for t in tasks if t.coordinating_units.all()) >= 8
    assert "Phòng Văn hóa - Xã hội" in {t.lead_unit.name for t in tasks}


def test_phu_lien_has_a_draft_plan_too(demo):
    draft = Plan.objects.get(organization__code="phu-lien", status="draft")
    assert draft.number is None and draft.sections.count() >= 3 and draft.tasks.count() >= 3


def test_second_commune_is_the_shape_b_plan_entered_through_the_importer(demo):
    plan = Plan.objects.get(organization__code="hoa-phong")
    assert (plan.status, plan.number_display, plan.year, plan.title) == (
        "issued", "12/KH-UBND", 2025, "Thực hiện công tác dân vận chính quyền năm 2025")
    assert IssuedNumber.objects.filter(organization__code="hoa-phong", year=2025, number=12, kind="KH").exists()
    assert [s.heading for s in plan.sections.all()] == [
        "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"]
    # the ten lines of work are body text naming no unit, not tasks with invented lead units
    lines = plan.sections.get(heading="NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP").body.splitlines()
    assert [line.split(".")[0] for line in lines] == [str(n) for n in range(1, 11)]
    assert not plan.tasks.filter(kind="task").exists()
    # each post holds its duties, continuous, in section III; the reviewer's unit choice applied
    organizing = plan.sections.get(heading="TỔ CHỨC THỰC HIỆN")
    duties = plan.tasks.filter(kind="duty")
    assert duties.count() == 15 and set(duties.values_list("due_kind", flat=True)) == {"continuous"}
    assert set(duties.values_list("section", flat=True)) == {organizing.pk}
    holders = {t.lead_unit.name for t in duties.select_related("lead_unit")}
    for post in ("Công chức Văn phòng - Thống kê", "Công chức Văn hóa - Xã hội", "Công chức Tư pháp - Hộ tịch",
                 "Công chức Tài chính - Kế toán", "Công chức Địa chính - Xây dựng"):
        assert Unit.objects.get(organization=plan.organization, name=post).kind == "post"
        assert post in holders and post in organizing.body
    assert Unit.objects.filter(organization=plan.organization).count() == 8  # none created by the import
    assert [(c.role, c.document.number or c.document.name) for c in plan.citations.order_by("role", "order")] == [
        ("basis", "33/CT-TTg"), ("basis", "23-QĐ/TW"), ("basis", "Luật Thực hiện dân chủ ở cơ sở"),
        ("mention", "09/2019/NĐ-CP")]
    rounds = list(ReportingRound.objects.filter(plan=plan))
    assert [(r.period_start, r.period_end) for r in rounds] == [
        (d("15/12/2024"), d("14/06/2025")), (d("15/12/2024"), d("14/12/2025"))]
    for r in rounds:
        assert datetime.timedelta(days=1) <= r.deadline - r.period_end <= datetime.timedelta(days=7)
    assert (plan.signer_title, plan.signer_name) == ("CHỦ TỊCH", "Trần Văn Sơn")
    assert plan.snapshot and not any(t["kind"] == "task" for t in plan.snapshot["tasks"])


@pytest.mark.parametrize(("username", "org_code", "role", "unit"), ACCOUNTS)
def test_demo_account_signs_in_with_documented_password(demo, client, username, org_code, role, unit):
    response = client.post("/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/").status_code == 200
    user = get_user_model().objects.get(username=username)
    assert user.get_full_name().strip()
    membership = Membership.objects.get(user=user)
    assert (membership.organization.code, membership.role) == (org_code, role)
    assert (membership.unit.name if membership.unit else None) == unit


def test_admin_account_reaches_django_admin(demo, client):
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    client.post("/dang-nhap/", {"username": "admin", "password": PASSWORD})
    assert client.get("/quan-tri/").status_code == 200


def test_rerun_keeps_a_changed_password_unless_asked_to_reset(demo, client):
    user = get_user_model().objects.get(username="bientap")
    user.set_password("Mat-khau-rieng-2026")
    user.save()

    load()
    # django-axes authenticates only with a request at hand
    assert not client.login(request=HttpRequest(), username="bientap", password=PASSWORD)

    call_command("load_demo", "--reset-passwords", stdout=StringIO())
    assert client.login(request=HttpRequest(), username="bientap", password=PASSWORD)


def test_taken_register_number_refuses_and_leaves_nothing(db):
    phu_lien = OrganizationFactory(code="phu-lien", name="Ủy ban nhân dân phường Phù Liễn")
    IssuedNumber.objects.create(organization=phu_lien, year=2025, number=125, kind="BC", symbol="BC-UBND",
                                issued_on=datetime.date(2025, 8, 1))
    before = row_counts()

    with pytest.raises(CommandError, match="Số 125 năm 2025 đã được cấp"):
        load()

    assert row_counts() == before


def test_round_one_has_unit_reports_on_the_board(phu_lien_plan, client):
    """The editor's board of round 1 shows accepted, late, waiting and missing units."""
    round1 = phu_lien_plan.rounds.get(name="Báo cáo lần 1")
    client.force_login(get_user_model().objects.get(username="bientap"))
    page = client.get(f"/bao-cao/dot/{round1.pk}/tien-do/").content.decode()
    assert "Phòng Văn hóa - Xã hội" in page
    assert "Đã tiếp nhận" in page
    assert "quá hạn" in page.lower()
    versions = apps.get_model("reports", "UnitReportVersion").objects.filter(report__round=round1)
    assert versions.count() == 5
    late = apps.get_model("reports", "UnitReport").objects.get(round=round1, unit__name="Văn phòng HĐND và UBND")
    assert late.is_late is True


@pytest.mark.parametrize("username", [account[0] for account in ACCOUNTS])
def test_every_demo_account_opens_every_page_it_is_linked_to_from_home_and_plan_list(demo, client, username):
    """The demo as a visitor meets it: home, the plan list, and each plan page the list links to."""
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get(reverse("home")).status_code == 200
    listing = client.get(reverse("plans:list"))
    assert listing.status_code == 200
    plans = [plan for plan in Plan.objects.all() if plan.get_absolute_url() in listing.content.decode()]
    assert plans, username  # every demo account has plans to read (else this test would check nothing)
    for plan in plans:
        assert client.get(plan.get_absolute_url()).status_code == 200, (username, plan.title)


def test_hoa_phong_posts_report_on_their_duties_in_each_round(demo):
    from reports.progress.queries import round_board
    from reports.progress.services import unit_report_open

    plan = Plan.objects.get(organization__code="hoa-phong")
    culture = Unit.objects.get(organization=plan.organization, name="Công chức Văn hóa - Xã hội")
    for reporting_round in plan.rounds.all():
        board = {row.unit.name for row in round_board(reporting_round, reporting_round.cutoff)}
        assert {"Công chức Văn hóa - Xã hội", "Công chức Văn phòng - Thống kê", "Công an xã"} <= board
        report = unit_report_open(round=reporting_round, unit=culture)
        duties = {entry.task.content for entry in report.entries.filter(is_lead=True)}
        assert len(duties) == 3 and any("loa truyền thanh" in duty for duty in duties)
