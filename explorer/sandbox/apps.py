from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "explorer.sandbox"
    label = "sandbox"
    verbose_name = "onOffice sandbox"
