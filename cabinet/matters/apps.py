from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "cabinet.matters"
    label = "matters"

    def ready(self) -> None:
        from cabinet.matters.history import register_history

        register_history()
