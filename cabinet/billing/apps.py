from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "cabinet.billing"
    label = "billing"

    def ready(self) -> None:
        from cabinet.billing.history import register_history

        register_history()
