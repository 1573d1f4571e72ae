"""`cabinet serve`: the production server — migrate, collect static files, run gunicorn."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication


class Command(BaseCommand):
    help = (
        "Run Cabinet with gunicorn: apply migrations, collect static files (served by "
        "whitenoise), then serve cabinet.wsgi on --host/--port."
    )
    requires_system_checks = []  # `check` runs below, once the database is migrated

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to bind (8000)")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="worker processes (2; keep it low on SQLite, which has one writer)",
        )
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
        parser.add_argument("--timeout", type=int, default=60, help="worker timeout in seconds")
        parser.add_argument(
            "--skip-migrate", action="store_true", help="do not apply migrations first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        if not options["skip_migrate"]:
            call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=min(verbosity, 1))
        call_command("check")
        # Workers are forked: no connection of this process may be shared with them.
        connections.close_all()
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Cabinet sur http://{bind}/ (Ctrl-C pour arrêter)")
        self.stdout.flush()
        GunicornServer(
            {
                "bind": bind,
                "workers": max(1, options["workers"]),
                "threads": max(1, options["threads"]),
                "worker_class": "gthread",
                "timeout": options["timeout"],
                "graceful_timeout": 20,
                "accesslog": "-",
                "errorlog": "-",
                "forwarded_allow_ips": "127.0.0.1,::1",
                "proc_name": "cabinet",
            }
        ).run()


class GunicornServer(BaseApplication):
    """gunicorn run in-process with cabinet.wsgi:application and options given in code."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from cabinet.wsgi import application

        return application
