from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cabinet.core"
    label = "core"
    verbose_name = "Cabinet"
