"""Query pieces that keep a read's plan bounded by what it reads, not by the table's size."""

from django.db.models import BooleanField, Func, QuerySet, Subquery


class AnyOf(Func):
    """`column IN (subquery)` whose subquery runs once and whose values probe an index.

    PostgreSQL plans `column IN (subquery)` as a join, and may hash the whole other table
    when it deems that cheaper than probing (the matter's 2,000 activities against every
    share «to bill» of the firm); `column = ANY(ARRAY(subquery))` leaves it only the probes.
    SQLite keeps `IN (subquery)`, which it always probes."""

    output_field = BooleanField()

    def __init__(self, column, queryset: QuerySet):
        super().__init__(column, Subquery(queryset))

    def as_sql(self, compiler, connection, **extra):
        (column, column_params), (subquery, subquery_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        return f"{column} IN {subquery}", (*column_params, *subquery_params)

    def as_postgresql(self, compiler, connection, **extra):
        (column, column_params), (subquery, subquery_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        return f"{column} = ANY(ARRAY{subquery})", (*column_params, *subquery_params)
