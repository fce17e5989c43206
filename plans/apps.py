from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kế hoạch và văn bản pháp lý"

    def ready(self):
        from plans import signals

        signals.connect()  # a plan's search document follows its sections and citations
