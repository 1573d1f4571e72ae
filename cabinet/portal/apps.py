from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cabinet.portal"
    label = "portal"

    def ready(self) -> None:
        from cabinet.portal.plugins import plug_in

        plug_in()
