from django.apps import AppConfig
from django.db import models
from django.db.models.signals import pre_save

# The apps whose text the last guard cleans on every save (auth: people's names).
CLEANED_APPS = ("danvan", "plans", "tasks", "reports", "auth")


def clean_text_before_save(sender, instance, raw=False, **kwargs):
    """The last guard behind the forms, the admin and the import: whatever saves a model of the
    project (a service, a command, the shell) stores text without control characters or bidi
    tricks. Fixture loads (`raw`, a restore) store the archive as it is."""
    if raw or sender._meta.app_label not in CLEANED_APPS:
        return
    from danvan.text import safe_text

    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and field.name != "password":
            value = getattr(instance, field.attname)
            if isinstance(value, str) and value:
                setattr(instance, field.attname, safe_text(value))


class DanvanConfig(AppConfig):
    name = "danvan"
    verbose_name = "Cơ quan, đơn vị và phân quyền"

    def ready(self):
        pre_save.connect(clean_text_before_save, dispatch_uid="danvan.clean_text_before_save")
