"""C2 at any size: clients found by the words of their number, names and aliases.

A client's search column (`Client.search_text`) holds its number without its leading
zeros, its names and its aliases, normalised (`core.text.normalize`) and framed by
spaces. The same words are kept one per row in `ClientWord`, with the list's sort key
(name, first name, number). Each word of a query is the prefix of a stored word: «22»
finds the numbers 000022 and 000220, «societe nat» «Société Nationale…».

The first page of a search by name never reads every match. The stored words a query word
starts (`vocabulary`: «martin», «martine», «martinez»…, read by a skip through the index)
each give their first rows already in order from `client_word_order_idx`; their union,
sorted, is the page. Its count stops past `COUNT_CAP` (API.md Conventions). Other sorts,
users who see only some clients and very short prefixes (too many stored words) take the
plain query (`matching`), which each database serves from the same indexes.
"""

from collections.abc import Callable, Sequence

from django.db import connection, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from cabinet.clients.models import Client, ClientAlias, ClientWord
from cabinet.core.pagination import COUNT_CAP
from cabinet.core.text import normalize, search_tokens, search_word

# Past this many stored words under one query word, the prefix is short and common: the
# plain query finds a page of matches at once by walking the clients in order.
VOCABULARY_CAP = 64
# Words hold only [0-9a-z] (`normalize`): every word that starts with p sorts before p + "{".
_AFTER_Z = "{"
_ORDER = ("name", "first_name", "number", "client_id")


def search_text_of(
    number: str, name: str, first_name: str, aliases: list[str], *, normalized=normalize
) -> str:
    """C2: a client's search column. The one recipe, used by the services and by the
    synthetic firm's generator (which gives a cached `normalize`: its names come from
    small lists)."""
    parts = (normalized(p) for p in (number, name, first_name, *aliases) if p)
    words = (search_word(w) for part in parts for w in part.split(" ") if w)
    return " " + " ".join(words) + " "


def words_of(search_text: str) -> set[str]:
    return {w for w in search_text.split(" ") if w}


def query_words(q: str) -> list[str]:
    """The words of a query as they are searched (at most eight)."""
    return [search_word(token) for token in search_tokens(q)]


def exact_number(q: str) -> str | None:
    """A query that is one number of at most six digits names that client first."""
    tokens = search_tokens(q)
    if len(tokens) == 1 and tokens[0].isdigit() and len(tokens[0]) <= 6:
        return tokens[0].zfill(6)
    return None


def _prefix(word: str) -> tuple[str, str]:
    return word, word + _AFTER_Z


def word_rows(word: str) -> QuerySet[ClientWord]:
    low, high = _prefix(word)
    return ClientWord.objects.filter(word__gte=low, word__lt=high)


def matching(q: str, ref: str = "pk") -> Q:
    """C2 as a filter: each word of `q` starts a word of the client named by `ref`."""
    condition = Q()
    for word in query_words(q):
        condition &= Q(Exists(word_rows(word).filter(client_id=OuterRef(ref))))
    return condition


def exact_first(q: str) -> list:
    """The order term that puts the client numbered `q` first (none for other queries)."""
    number = exact_number(q)
    if number is None:
        return []
    return [Case(When(number=number, then=Value(0)), default=Value(1), output_field=IntegerField())]


# Keeping the words ----------------------------------------------------------------------


def words_rows(client: Client, model=ClientWord) -> list[ClientWord]:
    """The client's `ClientWord` rows, from its search column (`model`: the migration's
    historical model)."""
    return [
        model(
            client_id=client.pk,
            word=word,
            name=client.name,
            first_name=client.first_name,
            number=client.number,
        )
        for word in sorted(words_of(client.search_text))
    ]


def words_refresh(client: Client) -> None:
    """Write the client's words again from its search column."""
    with transaction.atomic():
        ClientWord.objects.filter(client_id=client.pk).delete()
        ClientWord.objects.bulk_create(words_rows(client))


def search_refresh(client: Client) -> None:
    """C2: the client's search column and its words again, after any change of its
    number, names or aliases (a deleted client's words go with it)."""
    aliases = ClientAlias.objects.filter(client_id=client.pk).order_by("pk")
    client.search_text = search_text_of(
        client.number, client.name, client.first_name, list(aliases.values_list("value", flat=True))
    )
    with transaction.atomic():
        Client.objects.filter(pk=client.pk).update(search_text=client.search_text)
        words_refresh(client)


# The ordered first page -------------------------------------------------------------


def _table() -> str:
    return connection.ops.quote_name(ClientWord._meta.db_table)


def vocabulary(word: str, limit: int) -> list[str]:
    """The stored words that `word` starts, in order, at most `limit` (a skip through the
    index: one seek per stored word, whatever the rows under each)."""
    low, high = _prefix(word)
    table = _table()
    sql = (
        f"WITH RECURSIVE vocab(word, n) AS ("
        f" SELECT (SELECT MIN(word) FROM {table} WHERE word >= %s AND word < %s), 1"
        f" UNION ALL"
        f" SELECT (SELECT MIN(w.word) FROM {table} w WHERE w.word > vocab.word AND w.word < %s),"
        f" vocab.n + 1 FROM vocab WHERE vocab.word IS NOT NULL AND vocab.n < %s"
        f") SELECT word FROM vocab WHERE word IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [low, high, high, limit])
        return [row[0] for row in cursor.fetchall()]


def _others_sql(others: list[str], alias: str) -> tuple[str, list]:
    """The other words of the query, each a prefix of one of the row's client's words."""
    table = _table()
    sql, params = "", []
    for word in others:
        sql += (
            f" AND EXISTS (SELECT 1 FROM {table} o WHERE o.client_id = {alias}.client_id"
            f" AND o.word >= %s AND o.word < %s)"
        )
        params += list(_prefix(word))
    return sql, params


def first_ids(stored: list[str], others: list[str], n: int, *, descending: bool) -> list[int]:
    """The first `n` clients in the list's order that have one of the `stored` words and
    a word starting with each of `others`."""
    direction = " DESC" if descending else ""
    order = ", ".join(f"{column}{direction}" for column in _ORDER)
    filters, filter_params = _others_sql(others, "w")
    parts, params = [], []
    for i, word in enumerate(stored):
        parts.append(
            f"SELECT * FROM (SELECT w.client_id, w.name, w.first_name, w.number"
            f" FROM {_table()} w WHERE w.word = %s{filters} ORDER BY {order} LIMIT %s) AS p{i}"
        )
        params += [word, *filter_params, n]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + f" ORDER BY {order}", params)
        ids = list(dict.fromkeys(row[0] for row in cursor.fetchall()))
    return ids[:n]


def capped_count(driver: str, others: list[str]) -> tuple[int, bool]:
    """How many clients match, exact up to COUNT_CAP; past it (COUNT_CAP, True). Reads at
    most twice the cap of rows, unless many clients hold two stored words of the prefix."""
    low, high = _prefix(driver)
    filters, params = _others_sql(others, "w")
    rows = f"SELECT w.client_id FROM {_table()} w WHERE w.word >= %s AND w.word < %s{filters}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT client_id) FROM ({rows} LIMIT %s) AS s",
            [low, high, *params, 2 * COUNT_CAP + 1],
        )
        read, distinct = cursor.fetchone()
        if read > 2 * COUNT_CAP and distinct <= COUNT_CAP:
            cursor.execute(
                f"SELECT COUNT(DISTINCT client_id) FROM ({rows}) AS s", [low, high, *params]
            )
            (distinct,) = cursor.fetchone()
    if distinct > COUNT_CAP:
        return COUNT_CAP, True
    return distinct, False


class OrderedSearch(Sequence):
    """A search's matches in the list's order, for `page_of` and `api_slice`: `count()`
    (capped) and slices, each slice a few queries whatever the number of matches. Clients
    come out of `load` (the summary relations the list shows)."""

    def __init__(self, q: str, *, descending: bool, load: Callable[[QuerySet], QuerySet]):
        words = query_words(q)
        # The longest word drives: usually the rarest.
        self.driver = max(words, key=len)
        rest = list(words)
        rest.remove(self.driver)
        self.others = rest
        self.descending = descending
        self.load = load
        self.number = exact_number(q)
        self._count: tuple[int, bool] | None = None

    @classmethod
    def of(cls, q: str, *, sort: str, load: Callable[[QuerySet], QuerySet]):
        """The ordered search for `q`, or None where the plain query serves better."""
        if sort not in ("name", "-name") or not query_words(q):
            return None
        search = cls(q, descending=sort == "-name", load=load)
        search.stored = vocabulary(search.driver, VOCABULARY_CAP + 1)
        if len(search.stored) > VOCABULARY_CAP:
            return None
        return search

    def count(self) -> int:
        return self.capped_count()[0]

    @property
    def count_capped(self) -> bool:
        return self.capped_count()[1]

    def capped_count(self) -> tuple[int, bool]:
        if self._count is None:
            self._count = capped_count(self.driver, self.others)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        if stop <= start or not self.stored:
            return []
        first = self._exact_first()
        ids = first_ids(self.stored, self.others, stop, descending=self.descending)
        if first is not None:
            ids = [first, *(i for i in ids if i != first)]
        ids = ids[start:stop]
        by_id = {c.pk: c for c in self.load(Client.objects.filter(pk__in=ids))}
        return [by_id[i] for i in ids if i in by_id]

    def _exact_first(self) -> int | None:
        if self.number is None:
            return None
        return Client.objects.filter(number=self.number).values_list("pk", flat=True).first()
