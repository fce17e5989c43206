"""Keep a plan's search document current when its sections or citations change (tasks.apps
does the same for tasks)."""

from django.db.models.signals import post_delete, post_save

from plans.search import plan_search_refresh


def refresh_plan_of(sender, instance, origin=None, **kwargs):
    if origin is not None and getattr(origin, "model", type(origin)).__name__ == "Plan":
        return  # the plan itself is being deleted
    plan_search_refresh(instance.plan_id)


def connect() -> None:
    from plans.models import Citation, PlanSection

    for model in (PlanSection, Citation):
        post_save.connect(refresh_plan_of, sender=model, dispatch_uid=f"plan-search-{model.__name__}-save")
        post_delete.connect(refresh_plan_of, sender=model, dispatch_uid=f"plan-search-{model.__name__}-delete")
