from django.apps import AppConfig


class InsuranceConfig(AppConfig):
    name = "cabinet.insurance"
    label = "insurance"

    def ready(self) -> None:
        from cabinet.insurance.history import register_history
        from cabinet.insurance.plugins import plug_into_clients, plug_into_groups

        register_history()
        plug_into_clients()
        plug_into_groups()
