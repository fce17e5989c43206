"""What an organization's administrator changes, each in one transaction with one audit entry.

Nothing here imports plans, tasks or reports: a unit's work (tasks it leads or co-ordinates, its
reports, the plans it drafted) is reached through the unit's reverse relations, so the rules
"never delete a unit that holds work" and "a merge moves all of it" cover any model that points
at a unit, today's and tomorrow's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from danvan.models import AccountProfile, AuditEntry, Membership, Organization, Role, Unit

User = get_user_model()

SELF_CHANGE = "Bạn không thể tự thay đổi vai trò hoặc tài khoản của chính mình; hãy nhờ một quản trị khác."
SHARED_PERSON = ("Người này còn có vai trò ở cơ quan khác, nên chỉ có thể thêm hoặc bỏ vai trò tại cơ quan "
                 "của bạn; tài khoản do quản trị hệ thống quản lý.")


def audit(*, organization: Organization, actor, action: str, summary: str) -> AuditEntry:
    return AuditEntry.objects.create(organization=organization, actor=actor, action=action, summary=summary[:1000])


def _actor_name(user) -> str:
    return user.get_full_name() or user.get_username()


# --- the organization -----------------------------------------------------------------------------

@transaction.atomic
def organization_update(*, organization: Organization, actor, data: dict) -> Organization:
    changed = [Organization._meta.get_field(name).verbose_name for name, value in data.items()
               if getattr(organization, name) != value]
    for name, value in data.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    if changed:
        audit(organization=organization, actor=actor, action="organization_update",
              summary="Sửa thông tin cơ quan: " + ", ".join(changed) + ".")
    return organization


# --- units -----------------------------------------------------------------------------------------

def _unit_relations():
    """Every visible relation pointing at Unit (foreign keys and many-to-many), from any app."""
    return [rel for rel in Unit._meta.related_objects if rel.related_model is not Membership]


def unit_work(unit: Unit) -> list[tuple[str, int]]:
    """What still points at the unit, as (verbose name, count), e.g. [("nhiệm vụ", 3)]."""
    found = []
    for rel in _unit_relations():
        count = rel.related_model._base_manager.filter(**{rel.field.name: unit}).distinct().count()
        if count:
            found.append((str(rel.related_model._meta.verbose_name), count))
    return found


def _work_words(work: list[tuple[str, int]]) -> str:
    return ", ".join(f"{count} {name}" for name, count in work)


@transaction.atomic
def unit_create(*, organization: Organization, actor, data: dict) -> Unit:
    unit = Unit(organization=organization, **data)
    unit.full_clean()
    unit.save()
    audit(organization=organization, actor=actor, action="unit_create", summary=f"Thêm đơn vị “{unit.name}”.")
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor, data: dict) -> Unit:
    old_name = unit.name
    for name, value in data.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    summary = (f"Đổi tên đơn vị “{old_name}” thành “{unit.name}”." if old_name != unit.name
               else f"Sửa thông tin đơn vị “{unit.name}”.")
    audit(organization=unit.organization, actor=actor, action="unit_update", summary=summary)
    return unit


@transaction.atomic
def unit_set_active(*, unit: Unit, actor, active: bool) -> Unit:
    """A deactivated unit keeps its tasks and reports; it is only no longer offered for new work."""
    if unit.is_active != active:
        unit.is_active = active
        unit.save(update_fields=["is_active"])
        audit(organization=unit.organization, actor=actor, action="unit_activate" if active else "unit_deactivate",
              summary=f"{'Cho hoạt động lại' if active else 'Ngừng hoạt động'} đơn vị “{unit.name}”.")
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, actor) -> None:
    """Only a unit that holds nothing (no task, report, plan, role) may go: a typing slip."""
    work = unit_work(unit)
    if unit.memberships.exists():
        work.append(("phân quyền", unit.memberships.count()))
    if work:
        raise ValidationError(f"Không xóa được đơn vị “{unit.name}” vì còn {_work_words(work)}. "
                              "Hãy ngừng hoạt động hoặc gộp vào đơn vị khác.")
    audit(organization=unit.organization, actor=actor, action="unit_delete", summary=f"Xóa đơn vị “{unit.name}”.")
    unit.delete()


def _unique_sets(model) -> list[tuple[str, ...]]:
    sets = [tuple(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    return sets + [tuple(group) for group in model._meta.unique_together]


def _merge_clashes(rel, source: Unit, target: Unit) -> list[str]:
    """Rows that would break a unique rule once moved (two reports of one round for one unit)."""
    model, name = rel.related_model, rel.field.name
    clashes = []
    for fields in _unique_sets(model):
        if name not in fields:
            continue
        others = [f for f in fields if f != name]
        at_target = set(model._base_manager.filter(**{name: target}).values_list(*others))
        if others and any(values in at_target for values in
                          model._base_manager.filter(**{name: source}).values_list(*others)):
            words = ", ".join(str(model._meta.get_field(f).verbose_name) for f in others)
            clashes.append(f"cả hai đơn vị cùng có {model._meta.verbose_name} cho cùng {words}")
    return clashes


@transaction.atomic
def unit_merge(*, source: Unit, target: Unit, actor) -> dict[str, int]:
    """Move everything that points at `source` to `target`, then deactivate `source`.

    Foreign keys are re-pointed; many-to-many links are moved, dropping a link the target already
    has, and a row never lists the target both as its foreign key and in its many-to-many (a task
    led by the target does not also have it as co-ordinator). Roles of the source's people move
    too (duplicates dropped). Refused, with nothing changed, when two rows would collide.
    Returns {verbose name: rows moved}.
    """
    if source.pk == target.pk:
        raise ValidationError("Hãy chọn một đơn vị khác để gộp vào.")
    if source.organization_id != target.organization_id:
        raise ValidationError("Chỉ gộp được hai đơn vị của cùng một cơ quan.")
    if not target.is_active:
        raise ValidationError(f"Đơn vị “{target.name}” đã ngừng hoạt động; hãy cho hoạt động lại trước khi gộp.")
    source = Unit.objects.select_for_update().get(pk=source.pk)
    relations = _unit_relations()
    clashes = [c for rel in relations if not rel.many_to_many for c in _merge_clashes(rel, source, target)]
    if clashes:
        raise ValidationError("Không gộp được: " + "; ".join(clashes) + ". Hãy xử lý các bản trùng trước.")
    moved: dict[str, int] = {}
    for rel in relations:
        label = str(rel.related_model._meta.verbose_name)
        if rel.many_to_many:
            through = rel.through
            owner, unit_col = rel.field.m2m_field_name(), rel.field.m2m_reverse_field_name()
            already = through.objects.filter(**{unit_col: target}).values(owner)
            through.objects.filter(**{unit_col: source, f"{owner}__in": already}).delete()
            count = through.objects.filter(**{unit_col: source}).update(**{unit_col: target})
            # A row whose own foreign key is now the target does not list it again in the M2M.
            for fk in rel.related_model._meta.concrete_fields:
                if fk.is_relation and fk.related_model is Unit:
                    through.objects.filter(**{unit_col: target, f"{owner}__{fk.name}": target}).delete()
        else:
            count = rel.related_model._base_manager.filter(**{rel.field.name: source}).update(**{rel.field.name: target})
        if count:
            moved[label] = moved.get(label, 0) + count
    kept = set(Membership.objects.filter(unit=target).values_list("user_id", "role"))
    for membership in Membership.objects.filter(unit=source):
        if (membership.user_id, membership.role) in kept:
            membership.delete()
        else:
            membership.unit = target
            membership.save(update_fields=["unit"])
    source.is_active = False
    source.save(update_fields=["is_active"])
    what = _work_words([(name, n) for name, n in moved.items()]) or "không có việc nào"
    audit(organization=source.organization, actor=actor, action="unit_merge",
          summary=f"Gộp đơn vị “{source.name}” vào “{target.name}” (chuyển {what}); “{source.name}” ngừng hoạt động.")
    return moved


# --- people ----------------------------------------------------------------------------------------

def organization_people(organization: Organization):
    """Everyone holding a role in the organization, with their roles there prefetched."""
    return (User.objects.filter(memberships__organization=organization).distinct()
            .order_by("first_name", "last_name", "username")
            .prefetch_related(models.Prefetch(
                "memberships", queryset=Membership.objects.filter(organization=organization).select_related("unit"),
                to_attr="roles_here")))


def split_full_name(full_name: str) -> tuple[str, str]:
    """"Nguyễn Văn An" -> ("Nguyễn Văn", "An"): the project keeps the family and middle names in
    first_name and the given name in last_name, so get_full_name() reads in Vietnamese order."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def _check_can_manage(*, organization: Organization, actor, person) -> None:
    if person.pk == actor.pk:
        raise ValidationError(SELF_CHANGE)
    if person.is_staff or person.is_superuser:
        raise ValidationError("Đây là tài khoản quản trị hệ thống; chỉ quản trị hệ thống được thay đổi.")


def _check_account_owner(*, organization: Organization, actor, person) -> None:
    """Changing the account itself (name, e-mail, password, locking) is for an admin of every
    organization the person works in: an admin of one ward never locks another's people."""
    _check_can_manage(organization=organization, actor=actor, person=person)
    if Membership.objects.filter(user=person).exclude(organization=organization).exists():
        raise ValidationError(SHARED_PERSON)


def set_must_change_password(user, value: bool) -> None:
    AccountProfile.objects.update_or_create(user=user, defaults={"must_change_password": value})


def password_link(user) -> str:
    """An absolute link to the page where `user` sets a new password (valid PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def _send_password_mail(*, user, organization: Organization, invitation: bool) -> None:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    if invitation:
        subject = f"Mời tham gia hệ thống kế hoạch – báo cáo của {organization.name}"
        opening = (f"Bạn được mời sử dụng hệ thống kế hoạch – báo cáo của {organization.name}. "
                   f"Tên đăng nhập của bạn: {user.get_username()}.")
    else:
        subject = "Đặt lại mật khẩu hệ thống kế hoạch – báo cáo"
        opening = (f"Quản trị của {organization.name} yêu cầu bạn đặt lại mật khẩu. Mật khẩu cũ không còn dùng được. "
                   f"Tên đăng nhập của bạn: {user.get_username()}.")
    body = (f"Xin chào {_actor_name(user)},\n\n{opening}\n\nHãy mở liên kết sau để đặt mật khẩu "
            f"(liên kết dùng được một lần, trong {hours} giờ):\n{password_link(user)}\n\n"
            "Thư này được gửi tự động, xin đừng trả lời.")
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def person_create(*, organization: Organization, actor, username: str, full_name: str, email: str,
                  password: str = "", role: str, unit: Unit | None = None):
    """A new account with one role. With a password: a first password the person must change at
    first sign-in. Without: an invitation by e-mail with a link to set their own."""
    if not password and not email:
        raise ValidationError({"email": "Cần thư điện tử để gửi thư mời, hoặc nhập mật khẩu ban đầu."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"Tên đăng nhập “{username}” đã có người dùng."})
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"Thư điện tử “{email}” đã thuộc một tài khoản khác."})
    first, last = split_full_name(full_name)
    user = User(username=username, first_name=first, last_name=last, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    set_must_change_password(user, bool(password))
    _grant(organization=organization, person=user, role=role, unit=unit)
    how = "với mật khẩu ban đầu" if password else f"và gửi thư mời tới {email}"
    audit(organization=organization, actor=actor, action="person_create",
          summary=f"Tạo tài khoản “{username}” ({full_name}) {how}, vai trò {_role_words(role, unit)}.")
    if not password:
        transaction.on_commit(lambda: _send_password_mail(user=user, organization=organization, invitation=True))
    return user


def _role_words(role: str, unit: Unit | None) -> str:
    return Role(role).label + (f" – {unit.name}" if unit else "")


def _grant(*, organization: Organization, person, role: str, unit: Unit | None) -> Membership:
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError({"unit": "Đơn vị không thuộc cơ quan này."})
    if role != Role.REPORTER:
        unit = None  # only a reporter belongs to a unit; other roles are the organization's
    if Membership.objects.filter(user=person, organization=organization, role=role, unit=unit).exists():
        raise ValidationError({"role": f"{_actor_name(person)} đã có vai trò {_role_words(role, unit)}."})
    membership = Membership(user=person, organization=organization, role=role, unit=unit)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def role_grant(*, organization: Organization, actor, person, role: str, unit: Unit | None = None) -> Membership:
    _check_can_manage(organization=organization, actor=actor, person=person)
    membership = _grant(organization=organization, person=person, role=role, unit=unit)
    audit(organization=organization, actor=actor, action="role_grant",
          summary=f"Giao vai trò {_role_words(role, membership.unit)} cho {_actor_name(person)} ({person.username}).")
    return membership


@transaction.atomic
def role_revoke(*, membership: Membership, actor) -> None:
    person, organization = membership.user, membership.organization
    _check_can_manage(organization=organization, actor=actor, person=person)
    if not Membership.objects.filter(user=person, organization=organization).exclude(pk=membership.pk).exists():
        raise ValidationError("Đây là vai trò cuối cùng của người này ở cơ quan. Muốn cho thôi làm việc, "
                              "hãy khóa tài khoản (lịch sử công việc vẫn được giữ).")
    audit(organization=organization, actor=actor, action="role_revoke",
          summary=f"Bỏ vai trò {_role_words(membership.role, membership.unit)} của {_actor_name(person)} ({person.username}).")
    membership.delete()


@transaction.atomic
def person_update(*, organization: Organization, actor, person, full_name: str, email: str):
    _check_account_owner(organization=organization, actor=actor, person=person)
    if email and User.objects.filter(email__iexact=email).exclude(pk=person.pk).exists():
        raise ValidationError({"email": f"Thư điện tử “{email}” đã thuộc một tài khoản khác."})
    person.first_name, person.last_name = split_full_name(full_name)
    person.email = email
    person.save(update_fields=["first_name", "last_name", "email"])
    audit(organization=organization, actor=actor, action="person_update",
          summary=f"Sửa họ tên, thư điện tử của {full_name} ({person.username}).")
    return person


@transaction.atomic
def person_set_active(*, organization: Organization, actor, person, active: bool):
    """A locked account cannot sign in; its plans, reports and history stay, and the reports it
    was writing stay with its unit for a colleague to finish."""
    _check_account_owner(organization=organization, actor=actor, person=person)
    if person.is_active != active:
        person.is_active = active
        person.save(update_fields=["is_active"])
        audit(organization=organization, actor=actor, action="person_activate" if active else "person_deactivate",
              summary=f"{'Mở khóa' if active else 'Khóa'} tài khoản {_actor_name(person)} ({person.username}).")
    return person


@transaction.atomic
def person_force_reset(*, organization: Organization, actor, person) -> None:
    """The old password stops working at once (and every open session with it); the person gets
    a link by e-mail to set a new one."""
    _check_account_owner(organization=organization, actor=actor, person=person)
    if not person.email:
        raise ValidationError("Người này chưa có thư điện tử: hãy nhập thư điện tử, hoặc đặt một mật khẩu tạm.")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    audit(organization=organization, actor=actor, action="person_force_reset",
          summary=f"Buộc đặt lại mật khẩu của {_actor_name(person)} ({person.username}); đã gửi thư tới {person.email}.")
    transaction.on_commit(lambda: _send_password_mail(user=person, organization=organization, invitation=False))


@transaction.atomic
def person_set_temporary_password(*, organization: Organization, actor, person, password: str) -> None:
    """A password the admin tells the person; it must be changed at the next sign-in."""
    _check_account_owner(organization=organization, actor=actor, person=person)
    person.set_password(password)
    person.save(update_fields=["password"])
    set_must_change_password(person, True)
    audit(organization=organization, actor=actor, action="person_temporary_password",
          summary=f"Đặt mật khẩu tạm cho {_actor_name(person)} ({person.username}), phải đổi khi đăng nhập.")


# --- communes below a city or province --------------------------------------------------------------

def children_overview(organization: Organization):
    """The organization's communes with their active people and their latest sign-in."""
    active = Q(memberships__user__is_active=True)
    return (organization.children.annotate(
        people=Count("memberships__user", filter=active, distinct=True),
        last_activity=Max("memberships__user__last_login"))
        .order_by("name"))


@transaction.atomic
def child_organization_create(*, parent: Organization, actor, data: dict, admin: dict) -> Organization:
    """A commune under `parent` with its first administrator (a first password or an invitation).

    The parent's admin gets no role in the child: from then on the commune's own admin runs it.
    """
    child = Organization(parent=parent, **data)
    child.full_clean()
    child.save()
    person_create(organization=child, actor=actor, role=Role.ADMIN, **admin)
    audit(organization=parent, actor=actor, action="child_create",
          summary=f"Tạo cơ quan cấp dưới “{child.name}” với quản trị “{admin['username']}”.")
    audit(organization=child, actor=actor, action="organization_create",
          summary=f"{parent.name} tạo cơ quan và tài khoản quản trị “{admin['username']}”.")
    return child
