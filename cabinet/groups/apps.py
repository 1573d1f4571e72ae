from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "cabinet.groups"
    label = "groups"

    def ready(self) -> None:
        from cabinet.groups.history import register_history
        from cabinet.groups.plugins import plug_into_clients, plug_into_group_page

        register_history()
        plug_into_clients()
        plug_into_group_page()
