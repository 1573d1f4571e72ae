"""Client services: numbering under concurrency, search normalisation, aliases (C1, C2)."""

import threading

import pytest
from django.db import close_old_connections, connection
from hypothesis import given
from hypothesis import strategies as st

from cabinet.clients import selectors, services
from cabinet.clients.models import Client
from cabinet.core.errors import Conflict, InvalidInput
from cabinet.core.text import normalize, search_tokens


@given(st.text(max_size=60))
def test_c2_normalised_text_is_lower_ascii_words(value):
    result = normalize(value)
    assert result == result.strip()
    assert "  " not in result
    assert all(c.isascii() and (c.isalnum() or c == " ") for c in result)
    assert result == normalize(result)


def test_c2_normalise_folds_accents_case_and_punctuation():
    assert normalize("Société Nationale des Chemins-de-Fer") == (
        "societe nationale des chemins de fer"
    )
    assert normalize("L'ŒUVRE ÉLÉGANTE") == "l oeuvre elegante"
    assert search_tokens("  Société   nat ") == ["societe", "nat"]


@pytest.mark.django_db
def test_c2_search_finds_by_every_known_name(partner):
    client = services.client_create(
        actor=partner,
        kind="person",
        name="Lefèvre",
        first_name="Hélène",
        aliases=["Madame L."],
    )
    # its number with or without its leading zeros (000001, 1)
    for query in ["lefevre", "HELENE", "hel lef", "madame", client.number, "1"]:
        assert list(selectors.client_list(user=partner, q=query)) == [client], query


@pytest.mark.django_db
def test_c2_renaming_a_client_updates_its_search(partner):
    client = services.client_create(actor=partner, kind="company", name="Ancien Nom")
    services.client_update(actor=partner, client=client, name="Nouveau Nom")
    assert list(selectors.client_list(user=partner, q="ancien")) == []
    assert list(selectors.client_list(user=partner, q="nouveau")) == [client]


@pytest.mark.django_db
def test_c2_empty_alias_is_refused(partner):
    client = services.client_create(actor=partner, kind="company", name="Alpha")
    with pytest.raises(InvalidInput):
        services.alias_add(actor=partner, client=client, value="  ")


@pytest.mark.django_db
def test_c1_number_gaps_left_by_manual_numbers_are_not_reused_backwards(partner):
    services.client_create(actor=partner, kind="company", name="A", number="000500")
    after = services.client_create(actor=partner, kind="company", name="B")
    assert after.number == "000501"
    with pytest.raises(Conflict):
        services.client_create(actor=partner, kind="company", name="C", number="501")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c1_clients_created_at_once_get_distinct_numbers(partner):
    """C1: eight threads create clients at the same time; no number is handed out twice."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("threads share one in-memory SQLite connection: the process test covers SQLite")
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def create_some(worker: int) -> None:
        try:
            barrier.wait()
            for n in range(5):
                services.client_create(actor=partner, kind="company", name=f"W{worker}-{n}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=create_some, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(Client.objects.values_list("number", flat=True))
    assert numbers == [f"{n:06d}" for n in range(1, 41)]


WORKER = """
from cabinet.clients import services
for n in range(8):
    services.client_create(actor=None, kind="company", name="P{worker}-" + str(n))
"""


def test_c1_processes_creating_clients_at_once_on_sqlite_get_distinct_numbers(tmp_path):
    """C1 on the embedded database: four processes share one SQLite file (WAL, IMMEDIATE
    transactions) and create clients at once; every number is handed out exactly once."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "CABINET_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cabinet.settings",
    }
    manage = [sys.executable, "-m", "cabinet.manage"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    workers = [
        subprocess.Popen(
            [*manage, "shell", "--no-imports", "-c", WORKER.format(worker=w)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr
    check = subprocess.run(
        [
            *manage,
            "shell",
            "--no-imports",
            "-c",
            "from cabinet.clients.models import Client;"
            "print(','.join(sorted(Client.objects.values_list('number', flat=True))))",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.stdout.strip().split(",") == [f"{n:06d}" for n in range(1, 33)]
