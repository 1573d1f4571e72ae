"""`cabinet demo`: load the demo firm (idempotent: a second run says so and does nothing)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cabinet.demo.data import DEMO_USERS
from cabinet.demo.loader import DEFAULT_SEED, load_demo
from cabinet.demo.portal import CLIENT_WEB_USER, GROUP_WEB_USER


class Command(BaseCommand):
    help = (
        "Load a realistic demo firm: staff of each profile, about 300 clients with aliases, "
        "attachments and contacts, matters, bills and an insurance portfolio. Does nothing "
        "when the demo is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        summary = load_demo(seed=options["seed"], log=self.stdout.write)
        elapsed = time.monotonic() - started
        if summary.loaded:
            self.stdout.write(self.style.SUCCESS(f"{summary} ({elapsed:.1f} s)"))
        else:
            self.stdout.write(str(summary))
        self.stdout.write("Identifiants de démonstration :")
        for username, password, _profile, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {username} / {password}")
        self.stdout.write("Portail client (/portal/) :")
        for email, password in (CLIENT_WEB_USER, GROUP_WEB_USER):
            self.stdout.write(f"  {email} / {password}")
