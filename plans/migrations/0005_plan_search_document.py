"""Plans are found by every word in them (plans.search): rebuild each plan's search document from
its header, number, sections, tasks and cited documents."""

from django.db import migrations

from plans.search import search_document


def rebuild(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Task = apps.get_model("tasks", "Task")
    PlanSection = apps.get_model("plans", "PlanSection")
    Citation = apps.get_model("plans", "Citation")
    for plan in Plan.objects.select_related("organization", "implements").iterator():
        symbol = f"KH-{plan.organization.issuer_symbol}"
        parts = [plan.title, plan.period_label, f"{plan.number:02d}/{symbol}" if plan.number else "", symbol]
        parts += [f"{h} {b}" for h, b in PlanSection.objects.filter(plan=plan).values_list("heading", "body")]
        parts += [f"{c} {o}" for c, o in Task.objects.filter(plan=plan).values_list("content", "output")]
        parts += [" ".join(row) for row in Citation.objects.filter(plan=plan).values_list(
            "document__kind", "document__number", "document__name", "document__issuer", "document__subject")]
        if plan.implements_id:
            doc = plan.implements
            parts.append(f"{doc.kind} {doc.number} {doc.name} {doc.subject}")
        Plan.objects.filter(pk=plan.pk).update(search_text=search_document(parts))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_legal_document_unique_number_and_date"),
        ("tasks", "0003_constraint_messages"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
