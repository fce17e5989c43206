"""factory_boy factories for every model the tests build."""

import datetime

import factory
from django.contrib.auth import get_user_model

from danvan.models import Membership, Organization, Unit
from plans.models import Citation, LegalDocument, Plan, PlanSection
from tasks.models import ReportingRound, Task

PASSWORD = "Mat-khau-thu-2025"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử {n}")
    code = factory.Sequence(lambda n: f"xa-thu-{n}")
    header_name = factory.LazyAttribute(lambda o: "ỦY BAN NHÂN DÂN\n" + o.name.replace("Ủy ban nhân dân ", "").upper())
    place_name = factory.Sequence(lambda n: f"Thử {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Phòng chuyên môn {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"An {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "viewer"


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDocument

    kind = "Chỉ thị"
    number = factory.Sequence(lambda n: f"{n + 1}/CT-TTg")
    issued_on = datetime.date(2021, 11, 26)
    issuer = "Thủ tướng Chính phủ"
    subject = "về tiếp tục tăng cường và đổi mới công tác dân vận"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    organization = factory.SubFactory(OrganizationFactory)
    title = "Triển khai thực hiện công tác dân vận năm 2025"
    year = 2025
    period_label = "6 tháng cuối năm 2025"
    period_start = datetime.date(2025, 7, 1)
    period_end = datetime.date(2025, 12, 31)
    intro = "Ủy ban nhân dân ban hành kế hoạch thực hiện công tác dân vận, như sau:"
    recipients = "Thường trực Đảng ủy;\nLưu: VT, VHXH."
    signer_authority = "TM. ỦY BAN NHÂN DÂN"
    signer_title = "CHỦ TỊCH"
    signer_name = "Phạm Văn Diện"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSection

    plan = factory.SubFactory(PlanFactory)
    heading = "MỤC ĐÍCH, YÊU CẦU"
    body = "1. Mục đích\n- Tuyên truyền, phổ biến các văn bản về công tác dân vận."


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    plan = factory.SubFactory(PlanFactory)
    document = factory.SubFactory(LegalDocumentFactory)
    role = "basis"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    content = factory.Sequence(lambda n: f"Tuyên truyền công tác dân vận, nhiệm vụ {n}")
    lead_unit = factory.LazyAttribute(lambda t: UnitFactory(organization=t.plan.organization))
    due_kind = "date"
    due_date = datetime.date(2025, 9, 30)
    output = "Báo cáo kết quả"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Báo cáo lần {n + 1}")
    deadline = datetime.date(2025, 9, 3)
