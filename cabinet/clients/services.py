"""Writes on clients, aliases, attachments and contacts (C1–C4).

Every write names its actor, which the history records (U3).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cabinet.accounts.models import User
from cabinet.clients.models import Client, ClientAlias, ClientKind, ClientNumberSequence, Contact
from cabinet.clients.search import search_refresh
from cabinet.clients.selectors import client_get_for_user
from cabinet.core.errors import Conflict, InvalidInput, NotFound
from cabinet.core.text import normalize

CLIENT_FIELDS = (
    "kind",
    "name",
    "first_name",
    "address",
    "postal_code",
    "city",
    "country",
    "email",
    "phone",
    "notes",
)
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "role",
    "email",
    "phone",
    "valid_from",
    "valid_to",
    "is_group_contact",
)


def _clean_number(number: str) -> str:
    number = number.strip()
    if not number.isdigit() or len(number) > 6 or int(number) == 0:
        raise InvalidInput(
            "Le numéro client est fait d'au plus six chiffres (ex. 000363).",
            code="invalid_number",
            field="number",
        )
    return number.zfill(6)


def _lock_numbering() -> ClientNumberSequence:
    """C1: the numbering row, locked until the transaction ends. Every write that picks or
    checks a number takes it (after the client's own row, for an update), so a number's
    check-then-save runs one at a time."""
    sequence, _ = ClientNumberSequence.objects.select_for_update().get_or_create(pk=1)
    return sequence


def _next_number() -> str:
    """C1: the next free number. The sequence row is locked until the transaction ends, so
    two clients created at once never get the same number (SQLite: IMMEDIATE transactions)."""
    sequence = _lock_numbering()
    candidate = sequence.last_value + 1
    highest = Client.objects.order_by("-number").values_list("number", flat=True).first()
    if highest is not None:
        candidate = max(candidate, int(highest) + 1)
    if candidate > 999_999:
        raise Conflict("Plus aucun numéro client libre.", code="numbers_exhausted")
    sequence.last_value = candidate
    sequence.save(update_fields=["last_value"])
    return f"{candidate:06d}"


def _check_identity(client: Client) -> None:
    if not client.name.strip():
        raise InvalidInput("Le nom est obligatoire.", code="name_required", field="name")
    if client.kind == ClientKind.COMPANY and client.first_name:
        raise InvalidInput(
            "Une société n'a pas de prénom.", code="company_first_name", field="first_name"
        )


def _check_attachment(actor: User, client: Client, attached_to_id: int | None) -> Client | None:
    """C3: attached to one other client, never to itself; U4: one the actor may open (a
    hidden one is answered as an absent one)."""
    if attached_to_id is None:
        return None
    if client.pk is not None and attached_to_id == client.pk:
        raise Conflict(
            "Un client ne peut pas être attaché à lui-même.",
            code="self_attachment",
        )
    unknown = InvalidInput(
        "Le client de rattachement n'existe pas.", code="unknown_client", field="attached_to_id"
    )
    return client_get_for_user(user=actor, client_id=attached_to_id, unknown=unknown)


def _clean_aliases(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        value = value.strip()
        key = normalize(value)
        if not key:
            continue
        seen.setdefault(key, value)
    return list(seen.values())


def client_create(
    *,
    actor: User,
    kind: str,
    name: str,
    first_name: str = "",
    number: str | None = None,
    aliases: list[str] | None = None,
    attached_to_id: int | None = None,
    **fields,
) -> Client:
    client = Client(kind=kind, name=name.strip(), first_name=first_name.strip(), created_by=actor)
    for field, value in fields.items():
        if field not in CLIENT_FIELDS:
            raise TypeError(field)
        setattr(client, field, value)
    _check_identity(client)
    aliases = _clean_aliases(aliases or [])
    with transaction.atomic():
        client.attached_to = _check_attachment(actor, client, attached_to_id)
        if number:
            client.number = _clean_number(number)
            _lock_numbering()
            if Client.objects.filter(number=client.number).exists():
                raise Conflict(f"Le numéro {client.number} est déjà pris.", code="number_taken")
        else:
            client.number = _next_number()
        client._history_user = actor
        try:
            with transaction.atomic():
                client.save()
        except IntegrityError as exc:
            raise Conflict(
                f"Le numéro {client.number} est déjà pris.", code="number_taken"
            ) from exc
        for value in aliases:
            alias = ClientAlias(client=client, value=value, normalized=normalize(value))
            alias._history_user = actor
            alias.save()
        search_refresh(client)
    return client


def client_update(
    *,
    actor: User,
    client: Client,
    aliases: list[str] | None = None,
    number: str | None = None,
    **fields,
) -> Client:
    """Change the given fields only. `attached_to_id` may be None to detach."""
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        changed: list[str] = []
        if "attached_to_id" in fields:
            target = _check_attachment(actor, client, fields.pop("attached_to_id"))
            client.attached_to = target
            changed.append("attached_to")
        for field, value in fields.items():
            if field not in CLIENT_FIELDS:
                raise TypeError(field)
            setattr(client, field, value.strip() if isinstance(value, str) else value)
            changed.append(field)
        if number is not None:
            new_number = _clean_number(number)
            if new_number != client.number:
                _lock_numbering()
                if Client.objects.filter(number=new_number).exclude(pk=client.pk).exists():
                    raise Conflict(f"Le numéro {new_number} est déjà pris.", code="number_taken")
                client.number = new_number
                changed.append("number")
        _check_identity(client)
        if changed:
            client._history_user = actor
            try:
                with transaction.atomic():
                    client.save(update_fields=[*changed, "updated_at"])
            except IntegrityError as exc:
                if "number" in changed:
                    raise Conflict(
                        f"Le numéro {client.number} est déjà pris.", code="number_taken"
                    ) from exc
                raise Conflict(
                    "Ce changement enfreint une règle du client.", code="constraint"
                ) from exc
        if aliases is not None:
            client_set_aliases(actor=actor, client=client, values=aliases)
        search_refresh(client)
    return client


def client_set_aliases(*, actor: User, client: Client, values: list[str]) -> None:
    """Replace the «Liaison» list by `values`, recording each addition and removal."""
    wanted = {normalize(v): v for v in _clean_aliases(values)}
    with transaction.atomic():
        current = {a.normalized: a for a in client.aliases.all()}
        for key, alias in current.items():
            if key not in wanted:
                alias._history_user = actor
                alias.delete()
        for key, value in wanted.items():
            if key not in current:
                alias = ClientAlias(client=client, value=value, normalized=key)
                alias._history_user = actor
                alias.save()
        search_refresh(client)


def alias_add(*, actor: User, client: Client, value: str) -> ClientAlias:
    value = value.strip()
    key = normalize(value)
    if not key:
        raise InvalidInput("La valeur est vide.", code="alias_empty", field="value")
    with transaction.atomic():
        if ClientAlias.objects.filter(client=client, normalized=key).exists():
            raise Conflict(f"« {value} » est déjà une liaison de ce client.", code="alias_exists")
        alias = ClientAlias(client=client, value=value, normalized=key)
        alias._history_user = actor
        alias.save()
        search_refresh(client)
    return alias


def alias_remove(*, actor: User, client: Client, alias_id: int) -> None:
    with transaction.atomic():
        alias = ClientAlias.objects.filter(pk=alias_id, client=client).first()
        if alias is None:
            raise NotFound("Liaison introuvable.", code="alias_not_found")
        alias._history_user = actor
        alias.delete()
        search_refresh(client)


def _check_period(contact: Contact) -> None:
    if contact.valid_to is not None and contact.valid_to < contact.valid_from:
        raise InvalidInput(
            "La fin de validité ne peut pas précéder son début.",
            code="contact_ends_before_start",
            field="valid_to",
        )
    if not contact.last_name.strip():
        raise InvalidInput("Le nom est obligatoire.", code="name_required", field="last_name")


def contact_create(*, actor: User, client: Client, **fields) -> Contact:
    fields.setdefault("valid_from", timezone.localdate())
    if fields["valid_from"] is None:
        fields["valid_from"] = timezone.localdate()
    contact = Contact(client=client)
    for field, value in fields.items():
        if field not in CONTACT_FIELDS:
            raise TypeError(field)
        setattr(contact, field, value.strip() if isinstance(value, str) else value)
    _check_period(contact)
    contact._history_user = actor
    contact.save()
    return contact


def contact_update(*, actor: User, contact: Contact, **fields) -> Contact:
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        for field, value in fields.items():
            if field not in CONTACT_FIELDS:
                raise TypeError(field)
            if field == "valid_from" and value is None:
                raise InvalidInput("La date de début est obligatoire.", field="valid_from")
            setattr(contact, field, value.strip() if isinstance(value, str) else value)
        _check_period(contact)
        contact._history_user = actor
        contact.save(update_fields=[*fields, "updated_at"])
    return contact


def contact_end(*, actor: User, contact: Contact, on: datetime.date | None = None) -> Contact:
    """End a contact's validity on a day (today by default; it stays valid that day)."""
    on = on or timezone.localdate()
    if on < contact.valid_from:
        on = contact.valid_from
    return contact_update(actor=actor, contact=contact, valid_to=on)
