from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "cabinet.matters"
    label = "matters"

    def ready(self) -> None:
        from cabinet.matters.history import register_history
        from cabinet.matters.plugins import plug_into_clients

        register_history()
        plug_into_clients()
