"""Query expressions that Django lacks, each read through an index on both databases."""

from django.db.models import BooleanField, Expression, F, QuerySet, Subquery


class InValuesOf(Expression):
    """`column IN (values)`, `values` a one-column queryset, looked up value by value in
    the index on `column`: what it costs grows with the values, never with the table.

    SQLite runs `IN (subquery)` so. PostgreSQL may instead read the whole index on `column`
    into a hash join — the cheaper plan only while that index is small and its table's
    visibility map set (no VACUUM yet after a bulk load: one heap visit per entry) — so it
    gets `column = ANY(ARRAY(values))`: the subquery first, once, then one lookup per value.

        Contact.objects.filter(InValuesOf("client_id", members.values("client_id")))
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, values: QuerySet):
        super().__init__()
        self.column = F(column)
        self.values = Subquery(values.order_by())

    def get_source_expressions(self):
        return [self.column, self.values]

    def set_source_expressions(self, exprs):
        self.column, self.values = exprs

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        values, values_params = compiler.compile(self.values)
        return f"{column} IN {values}", (*column_params, *values_params)

    def as_postgresql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        values, values_params = compiler.compile(self.values)
        return f"{column} = ANY(ARRAY{values})", (*column_params, *values_params)
