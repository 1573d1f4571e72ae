"""`cabinet generate --clients N --seed S`: a deterministic synthetic firm in an empty
database, written in bulk, with a progress bar on stderr; its last stdout line is one JSON
object (the ids and words a benchmark needs, the row counts, the seconds)."""

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cabinet.synthetic.bulk import BulkWriter
from cabinet.synthetic.firm import MAX_CLIENTS, SyntheticFirm, database_refusal
from cabinet.synthetic.progress import Progress

ROWS_PER_CLIENT = 16  # about (portfolio included): the progress bar's scale


class Command(BaseCommand):
    help = "Génère un cabinet synthétique de N clients dans une base vide (benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, required=True, help=f"1 à {MAX_CLIENTS:,}")
        parser.add_argument(
            "--seed", type=int, default=1, help="graine (même graine, même cabinet)"
        )
        parser.add_argument("--quiet", action="store_true", help="sans barre de progression")

    def handle(self, *args: Any, **options: Any) -> None:
        clients = options["clients"]
        if not 1 <= clients <= MAX_CLIENTS:
            raise CommandError(
                f"--clients doit être entre 1 et {MAX_CLIENTS:,} "
                "(les numéros clients ont six chiffres, C1)."
            )
        refusal = database_refusal()
        if refusal:
            raise CommandError(refusal)
        started = time.monotonic()
        progress = (
            None if options["quiet"] else Progress(clients * ROWS_PER_CLIENT, stream=sys.stderr)
        )
        writer = BulkWriter(on_rows=(lambda table, n: progress.add(n)) if progress else None)
        firm = SyntheticFirm(
            clients=clients, seed=options["seed"], writer=writer, progress=progress
        )
        with transaction.atomic():
            firm.run()
        if progress is not None:
            progress.close()
        summary = firm.summary()
        summary["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
