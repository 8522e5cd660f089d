from django.apps import AppConfig


class ExplorerConfig(AppConfig):
    name = "explorer"
    verbose_name = "onOffice API Explorer"

    def ready(self):
        from . import signals

        signals.connect()
