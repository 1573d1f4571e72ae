"""C1 under concurrency: two requests asking the same client number at once (row locks)."""

import pytest
from django.db import connection

from cabinet.clients.models import Client
from tests.factories import ClientFactory, UserFactory
from tests.threads import send_at_once


def assert_one_won(answers, won: int, number: str) -> None:
    assert len(answers) == 8
    assert sorted(status for status, _ in answers) == [won] + [409] * 7
    for status, body in answers:
        if status == 409:
            assert body["code"] == "number_taken"
            assert body["detail"] == f"Le numéro {number} est déjà pris."
    assert Client.objects.filter(number=number).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c1_concurrent_creations_with_one_number_answer_201_or_409():
    """C1: eight creations asking the same number at once: one 201, seven 409."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers)")
    actor = UserFactory(profile=None, is_superuser=True)
    body = {"kind": "company", "name": "Alpha", "number": "777"}
    answers = send_at_once(actor, [("post", "/api/v1/clients", body)] * 8)
    assert_one_won(answers, 201, "000777")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c1_concurrent_renumberings_to_one_number_answer_200_or_409():
    """C1: eight clients renumbered to the same number at once: one 200, seven 409."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers)")
    actor = UserFactory(profile=None, is_superuser=True)
    clients = ClientFactory.create_batch(8)
    requests = [("patch", f"/api/v1/clients/{c.id}", {"number": "888"}) for c in clients]
    answers = send_at_once(actor, requests)
    assert_one_won(answers, 200, "000888")
