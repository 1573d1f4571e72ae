from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "cabinet.groups"
    label = "groups"

    def ready(self) -> None:
        from cabinet.groups.history import register_history

        register_history()
