from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "Nhiệm vụ và đợt báo cáo"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from plans.signals import refresh_plan_of
        from tasks.models import Task

        # A plan is found by the words of its tasks (plans.search).
        post_save.connect(refresh_plan_of, sender=Task, dispatch_uid="plan-search-task-save")
        post_delete.connect(refresh_plan_of, sender=Task, dispatch_uid="plan-search-task-delete")
