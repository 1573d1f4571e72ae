from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "cabinet.activities"
    label = "activities"

    def ready(self) -> None:
        from cabinet.activities.history import register_history
        from cabinet.activities.plugins import plug_into_matters

        register_history()
        plug_into_matters()
