from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "cabinet.history"
    label = "history"
