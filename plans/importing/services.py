"""Turn what was recognised in a plan's source (and corrected on the review page) into one draft.

`plan_create_from_import` takes the dictionary `plans.importing.recognise` returns, as the review
form sends it back, and creates an ordinary draft plan in one transaction: header, citations with
their roles (registry entries reused, new ones entered), sections, tasks of the appendix table,
the duties units or posts hold in the body (Shape B), reporting rounds, recipients and signer.
Unit names resolve to the organization's units through `unit_map` (the reviewer's choices), else
by name with or without diacritics; a name nobody chose is created as a new unit.

Tasks and rounds are the tasks app's models: plans must not import tasks, so they are reached
through the plan's reverse relations (`plan.tasks.model`), as the plan history does.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from danvan.models import Organization, Unit, UnitKind
from danvan.text import FIRST_YEAR, LAST_YEAR, nfc, search_key
from plans.importing.matching import UnitMatcher, unit_key
from plans.models import CitationRole, LegalDocument, LegalKind, Plan, PlanSection
from plans.services import _save, citation_add, legal_document_register

ROLES = {"basis": CitationRole.BASIS, "implements": CitationRole.CARRY_OUT, "carry_out": CitationRole.CARRY_OUT,
         "mention": CitationRole.MENTION}
NEW_UNIT = "new"
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# Due kinds of the tasks app (tasks.models.DueKind), by value.
DATE, MONTH, QUARTER, CONTINUOUS = "date", "month", "quarter", "continuous"


def _text(value) -> str:
    return " ".join(nfc(str(value or "")).split())


def _date(value) -> datetime.date | None:
    """An ISO date of the recognised data, or None (also for a date outside the years the app keeps)."""
    if isinstance(value, datetime.date):
        return value
    try:
        day = datetime.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def due_kind_of(due_text: str, due: datetime.date | None) -> str:
    """The kind of a due as the source words it: "Thường xuyên", "Quý IV/2025", "Tháng 9/2025", a date."""
    key = search_key(due_text)
    if due is None or "thuong xuyen" in key:
        return CONTINUOUS
    if re.search(r"\bquy\b", key):
        return QUARTER
    if re.search(r"\bthang\s+\d{1,2}\s*/\s*\d{4}", key) or re.fullmatch(r"\d{1,2}\s*/\s*\d{4}", key):
        return MONTH
    return DATE


def plan_period(data: dict, year: int) -> tuple[datetime.date, datetime.date, str]:
    """The plan's span and label: as given, else from its title ("6 tháng cuối năm 2025"), else the year."""
    start, end = _date(data.get("period_start")), _date(data.get("period_end"))
    label = _text(data.get("period_label"))
    if start and end and start <= end:
        return start, end, label or f"Năm {year}"
    key = search_key(data.get("title"))
    if "6 thang cuoi" in key:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31), label or f"6 tháng cuối năm {year}"
    if "6 thang dau" in key:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30), label or f"6 tháng đầu năm {year}"
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), label or f"Năm {year}"


def plan_year(data: dict) -> int:
    """The year a plan is for: as given, else the last year its title names, else its date, else its rounds."""
    given = data.get("year")
    if isinstance(given, int) or str(given or "").isdigit():
        year = int(given)
        if FIRST_YEAR <= year <= LAST_YEAR:
            return year
    years = [int(y) for y in _YEAR.findall(_text(data.get("title")))]
    if years:
        return years[-1]
    for day in [_date(data.get("date"))] + [_date(r.get("deadline")) for r in data.get("rounds") or []]:
        if day:
            return day.year
    return datetime.date.today().year


class UnitResolver:
    """Unit names of the source → the organization's units, creating the ones nobody matched."""

    def __init__(self, organization: Organization, unit_map: dict | None):
        self.organization = organization
        self.units = list(Unit.objects.filter(organization=organization))
        self.by_pk = {unit.pk: unit for unit in self.units}
        self.matcher = UnitMatcher(self.units)
        self.choices = {unit_key(name): value for name, value in (unit_map or {}).items()}
        self.created: dict[str, Unit] = {}

    def __call__(self, name: str, match=None) -> Unit | None:
        name = _text(name).strip(" .;:,")
        if not name:
            return None
        key = unit_key(name)
        choice = self.choices.get(key)
        if choice not in (None, "", NEW_UNIT) and str(choice).isdigit() and int(choice) in self.by_pk:
            return self.by_pk[int(choice)]
        if key in self.created:
            return self.created[key]
        if choice != NEW_UNIT:
            if match is not None and str(match).isdigit() and int(match) in self.by_pk:
                return self.by_pk[int(match)]
            found = self.matcher.match(name)
            if found is not None:
                return self.by_pk[found]
        exact = next((u for u in self.units if unit_key(u.name) == key), None)
        return exact or self._create(name, key)

    def _create(self, name: str, key: str) -> Unit:
        if len(name) > Unit._meta.get_field("name").max_length:
            raise ValidationError(f"Tên đơn vị quá dài: “{name[:60]}…”.")
        ascii_key = search_key(name)
        kind = UnitKind.POST if ascii_key.startswith("cong chuc") else (
            UnitKind.EXTERNAL if ascii_key.startswith(("uy ban mat tran", "mat tran", "hoi ", "doan ", "cac thon",
                                                      "cac to dan pho", "cong an", "ban chi huy quan su")) else
            UnitKind.DEPARTMENT)
        order = (Unit.objects.filter(organization=self.organization).aggregate(m=Max("order"))["m"] or 0) + 1
        unit = Unit(organization=self.organization, name=name, kind=kind, order=order)
        unit.save()
        self.units.append(unit)
        self.by_pk[unit.pk] = unit
        self.created[key] = unit
        return unit


def _signer(data: dict) -> dict:
    signer = data.get("signer") or {}
    title_lines = [line.strip() for line in nfc(signer.get("title") or "").splitlines() if line.strip()]
    deputy = _text(signer.get("deputy_title"))
    if not deputy and len(title_lines) > 1:
        deputy = title_lines[1]
    title = title_lines[0] if title_lines else ""
    if not deputy and title.upper().startswith("PHÓ "):  # a deputy signs for the chairman
        title, deputy = "KT. " + title.upper().removeprefix("PHÓ ").strip(), title.upper()
    return {"signer_authority": _text(signer.get("authority")), "signer_title": _text(title).upper(),
            "signer_deputy_title": deputy.upper(), "signer_name": _text(signer.get("name"))}


def _recipients(data: dict) -> list[str]:
    value = data.get("recipients") or []
    lines = value.splitlines() if isinstance(value, str) else [str(v) for v in value]
    return [_text(line) for line in lines if _text(line)]


def _drafting_unit(recipients: list[str], organization: Organization) -> Unit | None:
    """The unit of "Lưu: VT, VHXH." (its short name), when the organization has it."""
    for line in recipients:
        match = re.search(r"lưu\s*:\s*vt\s*,\s*([^.;]+)", line, re.IGNORECASE)
        if match:
            short = match[1].strip()
            return Unit.objects.filter(organization=organization, short_name__iexact=short).first()
    return None


def _document(citation: dict):
    """The registry entry of a recognised citation: the one chosen or found, else a new one."""
    if str(citation.get("document_id") or "").isdigit():
        existing = LegalDocument.objects.filter(pk=int(citation["document_id"])).first()
        if existing:
            return existing
    kind = _text(citation.get("kind"))
    kind = kind if kind in LegalKind.values else LegalKind.OTHER
    number = _text(citation.get("number"))
    subject = _text(citation.get("subject"))
    name = _text(citation.get("name"))
    if not number and not name and subject:  # a law cited by its name: "Luật Thực hiện dân chủ ở cơ sở"
        name = subject if search_key(subject).startswith(search_key(kind)) else f"{kind} {subject}"
        subject = ""
    if not number and not name:
        return None
    issued_on = _date(citation.get("date"))
    document, _created = legal_document_register(kind=kind, number=number, name=name, issued_on=issued_on,
                                                 issuer=_text(citation.get("issuer"))[:255], subject=subject)
    return document


def section_index(span, sections: list[dict]) -> int | None:
    """The index of the recognised section whose span holds `span` (where the author wrote a unit's
    duties), else of the last "TỔ CHỨC THỰC HIỆN" section, else of the last one; None without sections."""
    try:
        start = int(span[0])
    except (TypeError, ValueError, IndexError):
        start = None
    for index, source in enumerate(sections):
        bounds = source.get("span") or []
        if start is not None and len(bounds) == 2 and bounds[0] <= start < bounds[1]:
            return index
    organizing = [n for n, source in enumerate(sections) if "to chuc thuc hien" in search_key(source.get("heading"))]
    return organizing[-1] if organizing else (len(sections) - 1 if sections else None)


def _without_lines(body: str, contents: list[str]) -> str:
    """A section's text without the lines that became duties (they print from the duties)."""
    keys = {search_key(c).lstrip("-+– ").rstrip(".;") for c in contents}
    kept = [line for line in body.splitlines() if search_key(line).lstrip("-+– ").rstrip(".;") not in keys]
    return "\n".join(kept)


def intro_without_bases(intro: str, citations: list[dict]) -> str:
    """The opening paragraph without its "Căn cứ …;" lines that became basis citations: those print
    from the citations (as "Căn cứ" lines), so keeping them in the text would print them twice. A
    "Căn cứ" line naming no recognised document (“Căn cứ tình hình thực tế …”) stays."""
    names = [search_key(c.get("number") or c.get("name") or "") for c in citations
             if c.get("role", "basis") == "basis" and not c.get("skip") and (c.get("number") or c.get("name"))]
    kept = []
    for line in nfc(intro).splitlines():
        key = search_key(line)
        if key.startswith("can cu") and any(name and name in key for name in names):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def heading_key(line: str) -> str:
    """A unit's line of section III compared as printing compares it (reports.documents.plan): no
    number or dash in front, no "Đề nghị", no diacritics."""
    text = re.sub(r"^\s*(\d+(\.\d+)*\.|[a-zđ]\)|[-+–])\s*", "", _text(line))
    return re.sub(r"^(de nghi|dong chi)\s+", "", search_key(text)).strip(" :.;,")


def _named_as_units(body: str, names: list[tuple[str, str]]) -> str:
    """The unit lines of a section named as the units the reviewer chose, so the printed duties
    go under them: "1. Công chức Văn phòng UBND xã" → "1. Công chức Văn phòng - Thống kê" when the
    reviewer said that post is the one the text means. A line already naming the unit is kept."""
    lines = body.splitlines()
    for written, name in names:
        if not written or any(heading_key(line).startswith(search_key(name)) for line in lines):
            continue
        for index, line in enumerate(lines):
            if heading_key(line).startswith(search_key(written)) and written in line:
                lines[index] = line.replace(written, name, 1)
                break
    return "\n".join(lines)


def _refuse(where: str, error: ValidationError):
    messages = "; ".join(error.messages)
    raise ValidationError(f"{where}: {messages}") from error


@transaction.atomic
def plan_create_from_import(*, organization: Organization, data: dict, user=None) -> Plan:
    """One draft plan from recognised (and reviewed) data; see the module docstring for the keys.

    The units' duties of "Tổ chức thực hiện" become duties (Shape B) when the plan has no task table,
    or when a reviewer chose them (`reviewed`: the review page sends only the ones kept); a plan
    with a task table keeps those paragraphs as section text, as its authors wrote them (Shape A).

    Raises ValidationError with a Vietnamese message naming the part that is wrong; nothing is then saved.
    """
    title = _text(data.get("title"))
    if not title:
        raise ValidationError({"title": "Cần có trích yếu (tên) của kế hoạch."})
    year = plan_year(data)
    start, end, label = plan_period(data, year)
    recipients = _recipients(data)
    plan = Plan(organization=organization, title=title, year=year, period_label=label[:100], period_start=start,
                period_end=end, intro=intro_without_bases(data.get("intro") or "", data.get("citations") or []),
                closing=nfc(data.get("closing") or "").strip(), recipients="\n".join(recipients),
                drafting_unit=_drafting_unit(recipients, organization), created_by=user, **_signer(data))
    if not plan.signer_authority:
        plan.signer_authority = organization.authority_line
    if not any(task.get("content") for task in data.get("tasks") or []):
        plan.appendix_title = ""
    try:
        plan.full_clean(exclude=["register_entry", "snapshot", "copied_from", "implements", "created_by"])
    except ValidationError as error:
        _refuse("Thông tin chung", error)
    _save(plan, user)

    resolve = UnitResolver(organization, data.get("unit_map"))
    _add_citations(plan, user, data.get("citations") or [])
    sections = _add_sections(plan, user, data.get("sections") or [])
    _add_tasks(plan, user, data.get("tasks") or [], resolve)
    if data.get("reviewed") or not any(task.get("content") for task in data.get("tasks") or []):
        _add_duties(plan, user, data.get("units") or [], sections, resolve)
    _add_rounds(plan, user, data.get("rounds") or [])
    return plan


def _add_citations(plan: Plan, user, citations: list[dict]) -> None:
    for number, citation in enumerate(citations, start=1):
        role = ROLES.get(str(citation.get("role") or "basis"), CitationRole.BASIS)
        if citation.get("skip"):
            continue
        try:
            document = _document(citation)
        except ValidationError as error:
            _refuse(f"Văn bản thứ {number} ({_text(citation.get('number')) or _text(citation.get('subject'))[:60]})",
                    error)
        if document is None or plan.citations.filter(document=document, role=role).exists():
            continue
        citation_add(plan=plan, user=user, document=document, role=role)
        if role == CitationRole.CARRY_OUT and plan.implements_id is None:
            plan.implements = document  # "Thực hiện …" of the opening lines
            _save(plan, user, update_fields=["implements", "updated_at"])


def _add_sections(plan: Plan, user, sections: list[dict]) -> list[tuple[dict, PlanSection]]:
    created = []
    for order, source in enumerate(sections, start=1):
        heading = _text(source.get("heading")) or "NỘI DUNG"
        heading = re.sub(r"^[IVXLC]+\s*[.\-–:]\s*", "", heading)  # the Roman number is printed by the app
        section = PlanSection(plan=plan, order=order, heading=heading,
                              body=nfc(source.get("text") or source.get("body") or "").strip())
        try:
            section.full_clean(exclude=["plan"])
        except ValidationError as error:
            _refuse(f"Mục {order} ({heading[:60]})", error)
        _save(section, user)
        created.append((source, section))
    return created


def _add_tasks(plan: Plan, user, tasks: list[dict], resolve: UnitResolver) -> None:
    Task = plan.tasks.model
    order = 0
    for number, source in enumerate(tasks, start=1):
        content = nfc(source.get("content") or "").strip()
        if not content:
            continue
        where = f"Nhiệm vụ {number} ({_text(content)[:60]})"
        match = source.get("match") if isinstance(source.get("match"), dict) else {}
        lead = resolve(source.get("lead") or "", match.get("lead"))
        if lead is None:
            raise ValidationError(f"{where}: chọn đơn vị chủ trì.")
        names = source.get("co") or []
        names = re.split(r"[;\n]", names) if isinstance(names, str) else names
        co_matches = list(match.get("co") or []) + [None] * len(names)
        co = [unit for unit in (resolve(name, found) for name, found in zip(names, co_matches))
              if unit is not None and unit.pk != lead.pk]
        given = source.get("due")
        due = _date(given.get("date") if isinstance(given, dict) else given)
        kind = (source.get("due_kind") or (given.get("kind") if isinstance(given, dict) else None)
                or due_kind_of(_text(source.get("due_text")), due))
        if kind != CONTINUOUS and due is None:
            kind = CONTINUOUS
        order += 1
        task = Task(plan=plan, order=order, content=content, lead_unit=lead, due_kind=kind,
                    due_date=None if kind == CONTINUOUS else due, output=_text(source.get("output"))[:500])
        try:
            task.full_clean(exclude=["plan", "section"])
        except ValidationError as error:
            _refuse(where, error)
        _save(task, user)
        task.coordinating_units.set({unit.pk: unit for unit in co}.values())


def _add_duties(plan: Plan, user, units: list[dict], sections: list[tuple[dict, PlanSection]],
                resolve: UnitResolver) -> None:
    """Shape B: each unit's duties become continuous duties, attached to the section they were written in."""
    Task = plan.tasks.model
    order = (plan.tasks.aggregate(m=Max("order"))["m"] or 0)
    trimmed: dict[int, list[str]] = {}
    renamed: dict[int, list[tuple[str, str]]] = {}
    for source in units:
        duties = [nfc(d if isinstance(d, str) else (d or {}).get("content", "")).strip().lstrip("-+– ").strip()
                  for d in source.get("duties") or []]
        duties = [d for d in duties if d]
        if not duties:
            continue
        unit = resolve(source.get("name") or "", source.get("match"))
        if unit is None:
            continue
        index = source.get("section")
        if not (isinstance(index, int) and 0 <= index < len(sections)):
            index = section_index(source.get("span"), [source for source, _section in sections])
        section = sections[index][1] if index is not None else None
        for content in duties:
            order += 1
            task = Task(plan=plan, order=order, content=content, lead_unit=unit, due_kind=CONTINUOUS,
                        kind="duty", section=section)
            try:
                task.full_clean(exclude=["plan", "section"])
            except ValidationError as error:
                _refuse(f"Nhiệm vụ của {unit.name}", error)
            _save(task, user)
        if section is not None:
            trimmed.setdefault(section.pk, []).extend(duties)
            renamed.setdefault(section.pk, []).append((_text(source.get("name")), unit.name))
    for _source, section in sections:
        if section.pk in trimmed:
            body = _named_as_units(_without_lines(section.body, trimmed[section.pk]), renamed[section.pk])
            if body != section.body:
                section.body = body
                _save(section, user)


def _add_rounds(plan: Plan, user, rounds: list[dict]) -> None:
    Round = plan.rounds.model
    order = 0
    for number, source in enumerate(rounds, start=1):
        deadline = _date(source.get("deadline"))
        if deadline is None:
            continue  # "định kỳ" without a date: the sentence stays in the section text
        order += 1
        reporting_round = Round(plan=plan, order=order, name=_text(source.get("name"))[:255] or f"Báo cáo lần {order}",
                                deadline=deadline, period_start=_date(source.get("period_start")),
                                period_end=_date(source.get("period_end")))
        if bool(reporting_round.period_start) != bool(reporting_round.period_end):
            reporting_round.period_start = reporting_round.period_end = None
        try:
            reporting_round.full_clean(exclude=["plan"])
        except ValidationError as error:
            _refuse(f"Đợt báo cáo {number} ({reporting_round.name})", error)
        _save(reporting_round, user)
