"""Template contexts of the edit page and its parts (each part can be re-rendered alone by htmx)."""

from __future__ import annotations

from plans.forms import (CitationAddForm, CitationPasteForm, PlanHeaderForm, PlanSigningForm, SectionAddForm,
                         SectionForm, section_initial)
from plans.models import CitationRole, Plan, PlanSection
from plans.services import section_marker


def section_item(section: PlanSection, form: SectionForm | None = None, **extra) -> dict:
    """Context of one section card of the edit page (templates/plans/_section.html)."""
    if form is None:
        form = SectionForm(initial=section_initial(section, section_marker(section)),
                           auto_id=f"id_s{section.pk}_%s")
    return {"section": section, "form": form, **extra}


def citation_groups(plan: Plan) -> list[dict]:
    """Citations by role, in order: bases first, then documents to carry out."""
    citations = list(plan.citations.select_related("document").order_by("role", "order", "pk"))
    return [{"role": value, "label": label, "items": [c for c in citations if c.role == value]}
            for value, label in CitationRole.choices]


def citation_list(plan: Plan, **extra) -> dict:
    return {"plan": plan, "groups": citation_groups(plan), "roles": CitationRole.choices, "can_edit": True,
            **extra}


def edit_context(plan: Plan, **overrides) -> dict:
    """Everything the edit page shows; `overrides` replaces a part (a bound form with errors)."""
    sections = list(plan.sections.order_by("order", "pk"))
    context = {
        "plan": plan,
        "can_edit": True,
        # Reverse relation (plans must not import tasks): one query for the rows, one for co-ordinators.
        "tasks": plan.tasks.select_related("lead_unit", "section").prefetch_related("coordinating_units"),
        "header_form": PlanHeaderForm(instance=plan),
        "signing_form": PlanSigningForm(instance=plan, auto_id="id_sig_%s"),
        "section_items": [section_item(s) for s in sections],
        "section_add_form": SectionAddForm(auto_id="id_new_%s"),
        "citation_add_form": CitationAddForm(auto_id="id_cite_%s"),
        "paste_form": CitationPasteForm(auto_id="id_paste_%s"),
        "candidates": [],
        **citation_list(plan),
    }
    context.update(overrides)
    return context
