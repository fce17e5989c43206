"""Keep a plan's search document current when its sections or citations change, or a document it
cites is edited (tasks.apps does the same for tasks)."""

from django.db.models.signals import post_delete, post_save

from plans.search import plan_search_refresh, plan_search_refresh_citing


def refresh_plan_of(sender, instance, origin=None, **kwargs):
    if origin is not None and getattr(origin, "model", type(origin)).__name__ == "Plan":
        return  # the plan itself is being deleted
    plan_search_refresh(instance.plan_id)


def refresh_plans_citing(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:  # a new document is cited by no plan yet; a fixture load keeps its data
        plan_search_refresh_citing(instance.pk)


def connect() -> None:
    from plans.models import Citation, LegalDocument, PlanSection

    for model in (PlanSection, Citation):
        post_save.connect(refresh_plan_of, sender=model, dispatch_uid=f"plan-search-{model.__name__}-save")
        post_delete.connect(refresh_plan_of, sender=model, dispatch_uid=f"plan-search-{model.__name__}-delete")
    # A cited document cannot be deleted (PROTECT), so only its edits matter.
    post_save.connect(refresh_plans_citing, sender=LegalDocument, dispatch_uid="plan-search-legaldocument-save")
