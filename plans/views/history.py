"""A plan's history: who changed what and when, across the plan, its sections, citations, tasks
and rounds (simple_history records), with field-level differences in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.shortcuts import render
from django.views.decorators.http import require_GET
from simple_history.utils import get_m2m_reverse_field_name

from danvan.models import Unit
from plans.services import display_value, user_label
from plans.views.common import get_plan

HIDDEN_FIELDS = {"id", "plan", "updated_at", "created_at", "search_text", "version", "snapshot", "order"}
ACTIONS = {"+": "Tạo", "~": "Sửa", "-": "Xóa"}
MAX_EVENTS = 300


@dataclass
class Event:
    when: object
    who: str
    action: str
    what: str
    label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(model_field: models.Field, value, names: dict) -> str:
    """A stored value as a person reads it: choice labels, related objects' names, dates."""
    if model_field.many_to_many:
        column = get_m2m_reverse_field_name(model_field)
        ids = sorted({row.get(column) for row in value or []} - {None})
        return ", ".join(names.get((model_field.related_model, pk), f"#{pk}") for pk in ids) or "(trống)"
    if model_field.is_relation and value is not None:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value)) if value not in (None, "") else "(trống)"
    return display_value(value)


def _names(records, organization) -> dict:
    """Names of every related object the records point to, fetched once per model; all units of
    the organization (co-ordinating units appear in many-to-many changes by id)."""
    wanted: dict[type, set] = {}
    for record in records:
        for model_field in record.instance_type._meta.concrete_fields:
            if model_field.is_relation and model_field.name not in HIDDEN_FIELDS \
                    and model_field.related_model is not Unit:
                pk = getattr(record, model_field.attname, None)
                if pk is not None:
                    wanted.setdefault(model_field.related_model, set()).add(pk)
    names = {(Unit, unit.pk): unit.name for unit in Unit.objects.filter(organization=organization)}
    for model, pks in wanted.items():
        names.update({(model, obj.pk): str(obj) for obj in model.objects.filter(pk__in=pks)})
    return names


def _events(records, names: dict, what: str, label_field: str) -> list[Event]:
    """Events of one model: each record compared with the previous record of the same object."""
    events = []
    previous: dict[int, object] = {}
    model = records[0].instance_type if records else None
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                model_field = model._meta.get_field(change.field)
                changes.append((str(model_field.verbose_name).capitalize(), _display(model_field, change.old, names),
                                _display(model_field, change.new, names)))
            if not changes:
                previous[record.id] = record
                continue  # only the order or a timestamp moved
        label = " ".join(str(getattr(record, label_field, "") or "").split())
        events.append(Event(record.history_date, user_label(record.history_user),
                            ACTIONS.get(record.history_type, record.history_type), what,
                            label if len(label) <= 90 else label[:89] + "…", changes))
        previous[record.id] = record
    return events


@require_GET
def plan_history(request, pk: int):
    plan = get_plan(request, pk)
    sources = [
        (plan.history.filter(id=plan.pk), "Kế hoạch", "title"),
        (plan.sections.model.history.filter(plan_id=plan.pk), "Mục", "heading"),
        (plan.citations.model.history.filter(plan_id=plan.pk), "Trích dẫn", "document"),
        (plan.tasks.model.history.filter(plan_id=plan.pk), "Nhiệm vụ", "content"),
        (plan.rounds.model.history.filter(plan_id=plan.pk), "Đợt báo cáo", "name"),
    ]
    loaded = [(list(qs.select_related("history_user").order_by("-history_date")[:MAX_EVENTS]), what, label)
              for qs, what, label in sources]
    names = _names([record for records, _what, _label in loaded for record in records], plan.organization)
    events = []
    for records, what, label in loaded:
        if label == "document":
            for record in records:
                record.document_label = names.get((record.instance_type._meta.get_field("document").related_model,
                                                   record.document_id), "")
            label = "document_label"
        events.extend(_events(records, names, what, label))
    events.sort(key=lambda event: event.when, reverse=True)
    return render(request, "plans/history.html", {"plan": plan, "events": events[:MAX_EVENTS]})
