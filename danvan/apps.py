from django.apps import AppConfig


class DanvanConfig(AppConfig):
    name = "danvan"
    verbose_name = "Cơ quan, đơn vị và phân quyền"

    def ready(self):
        from danvan.administration import accounts  # noqa: F401  (connects the sign-in signal)
