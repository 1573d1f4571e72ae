"""Bulk writes for the synthetic firm: COPY on PostgreSQL, `executemany` in large
transactions on SQLite. Rows are tuples in the order of a table's concrete columns, with
their ids given by the generator; PostgreSQL's identity sequences are moved past them at
the end, so that the services go on numbering after them."""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from django.db import connection, models

CHUNK = 20_000


def columns_of(model: type[models.Model]) -> list[str]:
    """The table's columns, in the order the generator writes them."""
    return [field.column for field in model._meta.concrete_fields]


class BulkWriter:
    """Writes rows of models' tables; counts them per table."""

    def __init__(self, on_rows=None):
        self.vendor = connection.vendor
        self.counts: dict[str, int] = {}
        self.tables: set[str] = set()
        self.on_rows = on_rows or (lambda table, n: None)
        self.copying = False
        self.pending: list[tuple[type[models.Model], list[tuple]]] = []

    def start(self) -> None:
        """PostgreSQL: within the generation's transaction, foreign keys are not checked
        row by row at commit (`session_replication_role = replica`, a superuser's setting:
        skipped otherwise). The generator writes only ids it made; its tests check them."""
        if self.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def write(self, model: type[models.Model], rows: Iterable[tuple]) -> int:
        """Writes `rows`; on PostgreSQL, rows written while another table's COPY is being
        fed (a generator writing aliases between its clients) wait for it to end."""
        table = model._meta.db_table
        columns = columns_of(model)
        if self.vendor == "postgresql" and self.copying:
            pending = list(rows)
            self.pending.append((model, pending))
            return len(pending)
        if self.vendor == "postgresql":
            self.copying = True
            try:
                written = self._copy(table, columns, iter(rows))
            finally:
                self.copying = False
            while self.pending:
                later, pending = self.pending.pop(0)
                self.write(later, pending)
        else:
            written = 0
            iterator = iter(rows)
            while chunk := list(islice(iterator, CHUNK)):
                self._insert(table, columns, chunk)
                written += len(chunk)
                self.on_rows(table, len(chunk))
        self.counts[table] = self.counts.get(table, 0) + written
        self.tables.add(table)
        return written

    def _copy(self, table: str, columns: list[str], rows) -> int:
        """One COPY per table, fed row by row as the generator makes them: PostgreSQL
        stores a batch while the next is made (two cores at work)."""
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        written = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                if any(isinstance(value, (dict, list)) for value in row):
                    row = [_json(value) for value in row]
                copy.write_row(row)
                written += 1
                if written % CHUNK == 0:
                    self.on_rows(table, CHUNK)
        self.on_rows(table, written % CHUNK)
        return written

    def _insert(self, table: str, columns: list[str], chunk: list[tuple]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join("%s" for _ in columns)
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(_sqlite(v) for v in row) for row in chunk])

    def text(self, value) -> str:
        """A date, timestamp or amount as the text this database reads it from: a row of
        strings is the fastest to write (no conversion per row, on either side)."""
        if self.vendor != "postgresql":
            return str(_sqlite(value))
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else str(value)

    @contextmanager
    def indexes_deferred(self, *models: type[models.Model]) -> Iterator[None]:
        """The tables' secondary indexes (and on PostgreSQL their unique and foreign-key
        constraints) are dropped while their rows are written and made again after, with the
        same names and definitions: one sort per index and one join per key instead of a
        lookup per row. Inside the generator's transaction: a failure leaves them as they
        were."""
        remake = self._drop_indexes([model._meta.db_table for model in models])
        yield
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in remake:
                cursor.execute(statement)

    def _drop_indexes(self, tables: list[str]) -> list[str]:
        """Drops the indexes and keys of `tables`; the statements making them again."""
        quote = connection.ops.quote_name
        remake: dict[str, list[str]] = {"i": [], "u": [], "f": []}  # made again in this order
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # A table with checks pending cannot be altered: the keys of the rows
                # written before are checked now, then deferred again as Django declares them.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:
                if self.vendor == "postgresql":
                    cursor.execute(
                        "SELECT contype, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
                        [table],
                    )
                    for kind, name, definition in cursor.fetchall():
                        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                        remake[kind].append(
                            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                        )
                    cursor.execute(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                        "current_schema() AND tablename = %s AND indexname NOT IN "
                        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) "
                        "ORDER BY indexname",
                        [table, table],
                    )
                else:  # SQLite: the indexes declared apart from the table (not its UNIQUE)
                    cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                        "AND tbl_name = %s AND sql IS NOT NULL ORDER BY name",
                        [table],
                    )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {quote(name)}")
                    remake["i"].append(definition)
        return remake["i"] + remake["u"] + remake["f"]

    def finish(self) -> None:
        """PostgreSQL: each written table's id sequence continues after its highest id."""
        if self.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in sorted(self.tables):
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
                    [table],
                )


def _json(value):
    """A JSON column's value as COPY takes it: its text."""
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value)
    return value


def _sqlite(value):
    """What SQLite's driver stores for the values Django's SQLite backend would write."""
    if isinstance(value, datetime.datetime):  # naive UTC, as Django writes it
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value)
    return value if not hasattr(value, "as_tuple") else str(value)
