"""Filters of the printed documents (templates/documents/): a document number never breaks."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from reports.documents.context import number_spans

register = template.Library()


@register.filter
def keep_numbers(text) -> str:
    """The text escaped, each document number or date in a span that never breaks across lines
    ("09/2019/NĐ-CP" stays whole at a line end; print.css .nobr)."""
    return mark_safe("".join(f'<span class="nobr">{conditional_escape(part)}</span>' if number
                             else conditional_escape(part) for part, number in number_spans(str(text or ""))))
