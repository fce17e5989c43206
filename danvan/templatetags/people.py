"""{{ user|person }}: a person's name as every page shows it (danvan.models.person_name)."""

from django import template

from danvan.models import person_name

register = template.Library()
register.filter("person", person_name)
