"""The change log of one business object, newest first (U3)."""

import datetime
from decimal import Decimal

from cabinet.history.registry import Entry

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
SKIPPED = {"id", "created_at", "updated_at", "search_text", "normalized", "password"}


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _tracked_fields(model) -> list[str]:
    history_model = model.history.model
    names = []
    for f in model._meta.concrete_fields:
        if f.name in SKIPPED:
            continue
        try:
            history_model._meta.get_field(f.name)
        except Exception:  # excluded from history
            continue
        names.append(f.attname)
    return names


def _username(record) -> str | None:
    user = record.history_user
    return user.username if user is not None else None


def history_of(entry: Entry, object_id: int, *, limit: int = 500) -> list[dict]:
    model = entry.model
    fields = _tracked_fields(model)
    records = list(
        model.history.filter(id=object_id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    records.reverse()
    events = []
    previous = None
    for record in records:
        action = ACTIONS[record.history_type]
        changes = {}
        for name in fields:
            after = getattr(record, name)
            if action == "deleted":
                continue
            before = getattr(previous, name) if previous is not None else None
            if previous is None and after in ("", None, False):
                continue
            if before != after:
                changes[name] = [_jsonable(before), _jsonable(after)]
        if action != "changed" or changes:
            events.append(
                (
                    record.history_date,
                    record.history_id,
                    {
                        "at": record.history_date.isoformat(),
                        "user": _username(record),
                        "action": action,
                        "changes": changes,
                    },
                )
            )
        previous = record
    for child in entry.children:
        child_records = (
            child.model.history.filter(**{child.parent_field: object_id})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        for record in child_records:
            if record.history_type == "~":
                continue
            value = getattr(record, child.value_field)
            pair = [None, value] if record.history_type == "+" else [value, None]
            events.append(
                (
                    record.history_date,
                    record.history_id,
                    {
                        "at": record.history_date.isoformat(),
                        "user": _username(record),
                        "action": "changed",
                        "changes": {child.label: pair},
                    },
                )
            )
    events.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return [e[2] for e in events[:limit]]
