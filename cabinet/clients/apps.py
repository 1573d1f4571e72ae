from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "cabinet.clients"
    label = "clients"

    def ready(self) -> None:
        from cabinet.clients.history import register_history

        register_history()
