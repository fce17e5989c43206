from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db import models
from django.db.models.signals import post_migrate, pre_save

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


PERMISSION_ACTIONS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def _model_words(model) -> str:
    """A model as a permission names it: "kế hoạch", "lịch sử kế hoạch", "đơn vị phối hợp của nhiệm vụ"."""
    base = getattr(model, "instance_type", None)
    if base is not None and base is not model:  # a history table of django-simple-history
        return f"lịch sử {_model_words(base)}"
    owner = model._meta.auto_created
    if owner:  # the table behind a many-to-many field
        field = next((f for f in owner._meta.many_to_many if f.remote_field.through is model), None)
        if field is not None:
            return f"{field.verbose_name} của {owner._meta.verbose_name}"
    return str(model._meta.verbose_name)


def name_permissions_in_vietnamese(sender=None, **kwargs):
    """Django names its default permissions "Can add kế hoạch" (English, stored in the database and
    listed on every user's and group's admin page): after each migrate they become "Thêm kế hoạch"."""
    from django.contrib.auth.models import Permission
    from django.utils import translation

    with translation.override("vi"):  # migrate runs untranslated: model names would be English
        for permission in Permission.objects.select_related("content_type").filter(name__startswith="Can "):
            action = permission.codename.partition("_")[0]
            model = permission.content_type.model_class()
            if action in PERMISSION_ACTIONS and model is not None:
                name = f"{PERMISSION_ACTIONS[action]} {_model_words(model)}"[:255]
                Permission.objects.filter(pk=permission.pk).update(name=name)


class DanvanConfig(AppConfig):
    default = True  # this module holds another AppConfig (AxesConfig)
    name = "danvan"
    verbose_name = "Cơ quan, đơn vị và phân quyền"

    def ready(self):
        pre_save.connect(clean_text_before_save, dispatch_uid="danvan.clean_text_before_save")
        post_migrate.connect(name_permissions_in_vietnamese, dispatch_uid="danvan.name_permissions_in_vietnamese")
        from danvan.administration import accounts  # noqa: F401  (connects the sign-in signal)


class AxesConfig(AxesAppConfig):
    """django-axes under a Vietnamese name in the admin (INSTALLED_APPS names this class)."""

    verbose_name = "Theo dõi đăng nhập"
