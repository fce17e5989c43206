"""The import review page's fields, written in Python: the same markup as templates/plans/_field.html,
without one template include per field (the page has a few hundred)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

REQUIRED = mark_safe(' <span class="req" aria-hidden="true">*</span>')

register = template.Library()


@register.simple_tag
def review_field(field, wide=False):
    """Label tied to the field, the widget, help text and errors, as plans/_field.html writes them."""
    classes = "field" + (" has-error" if field.errors else "") + (" wide" if wide else "")
    required = REQUIRED if field.field.required else ""
    help_text = format_html('<small class="help" id="{}_helptext">{}</small>', field.auto_id, field.help_text) \
        if field.help_text else ""  # the id Django's aria-describedby points at
    errors = format_html('<ul class="errorlist">{}</ul>', format_html_join("", "<li>{}</li>", ((e,) for e in field.errors))) \
        if field.errors else ""
    return format_html('<div class="{}"><label for="{}">{}{}</label>{}{}{}</div>', classes, field.id_for_label,
                       field.label, required, field.as_widget(), help_text, errors)
