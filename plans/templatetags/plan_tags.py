"""Template helpers of the plan pages: Roman numbers, status badges, section text blocks."""

import re

from django import template

from plans.models import CitationRole, LegalDocument, PlanStatus
from danvan.text import roman as roman_numeral

register = template.Library()

STATUS_TONES = {PlanStatus.DRAFT: "", PlanStatus.SUBMITTED: "warn", PlanStatus.APPROVED: "warn",
                PlanStatus.ISSUED: "ok", PlanStatus.CLOSED: ""}
ITEM = re.compile(r"^\d+(\.\d+)*\.\s")


@register.filter
def roman(number) -> str:
    try:
        return roman_numeral(int(number))
    except (TypeError, ValueError):
        return ""


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "")


@register.inclusion_tag("plans/_status_badge.html")
def status_badge(plan):
    return {"label": plan.get_status_display(), "tone": STATUS_TONES.get(plan.status, ""), "status": plan.status}


@register.filter
def body_blocks(text: str) -> list[dict]:
    """A section's text as paragraphs: "1." lines are items, "-" lines dashes, the rest text."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        kind = "item" if ITEM.match(line) else "dash" if line[:1] in "-–+" else "text"
        blocks.append({"kind": kind, "text": line})
    return blocks


@register.simple_tag
def document_label(value) -> str:
    """The registry entry picked in a form (a bound hidden field holds only its id)."""
    if isinstance(value, LegalDocument):
        return value.citation_text(full=False)
    try:
        document = LegalDocument.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return ""
    return document.citation_text(full=False) if document else ""


@register.simple_tag
def citation_roles():
    """(value, label) of the roles a citation can have: Căn cứ, văn bản triển khai, Nhắc đến."""
    return CitationRole.choices
