from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "cabinet.billing"
    label = "billing"

    def ready(self) -> None:
        from cabinet.billing.history import register_history
        from cabinet.billing.plugins import (
            plug_into_activities,
            plug_into_clients,
            plug_into_matters,
        )

        register_history()
        plug_into_activities()
        plug_into_clients()
        plug_into_matters()
