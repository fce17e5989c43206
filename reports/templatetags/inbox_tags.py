"""Template helpers of “Việc cần làm”, “Tổng quan” and the round board's reminders."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template ({{ reminded|get_item:unit.pk }}), None when absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None
