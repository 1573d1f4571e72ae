"""Settings come from the environment (cabinet/settings.py): each case runs in its own process,
so the environment it is given is the only one it sees."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

CABINET = Path(sys.executable).with_name("cabinet")


def run(args: list[str], *, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CABINET_", "DJANGO_")) and key != "DATABASE_URL"
    }
    environ.update(CABINET_DATA_DIR=str(data_dir), **env)
    return subprocess.run(
        args, env=environ, capture_output=True, text=True, timeout=120, check=False
    )


def python(code: str, *, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", code], data_dir=data_dir, **env)


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run(
        [str(CABINET), "check", "--deploy", "--fail-level", "WARNING"],
        data_dir=tmp_path,
        CABINET_SECRET_KEY=secrets.token_urlsafe(64),
        CABINET_DEBUG="0",
        CABINET_HTTPS="1",
        CABINET_ALLOWED_HOSTS="cabinet.example.fr",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_fail_the_deploy_check(tmp_path):
    """Without HTTPS the deploy check must complain: the production notes are not optional."""
    result = run([str(CABINET), "check", "--deploy", "--fail-level", "WARNING"], data_dir=tmp_path)

    assert result.returncode != 0
    assert "security.W" in result.stderr + result.stdout


def test_database_url_selects_postgresql(tmp_path):
    result = python(
        "import json; from cabinet import settings as s; print(json.dumps(s.DATABASES['default']))",
        data_dir=tmp_path,
        DATABASE_URL="postgres://cabinet:s3cret@db.example.fr:5433/cabinet_prod",
    )

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "cabinet_prod",
        "cabinet",
        "s3cret",
    )
    assert (database["HOST"], database["PORT"]) == ("db.example.fr", 5433)
    assert database["CONN_MAX_AGE"] > 0


def test_sqlite_in_the_data_folder_by_default_in_wal_mode(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cabinet.settings';"
        "django.setup(); from django.db import connection; cursor = connection.cursor();"
        "print(connection.settings_dict['NAME']);"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0]);"
        "print(cursor.execute('PRAGMA foreign_keys').fetchone()[0])"
    )

    result = python(code, data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    name, journal_mode, foreign_keys = result.stdout.split()
    assert Path(name) == tmp_path / "cabinet.sqlite3"
    assert journal_mode == "wal"
    assert foreign_keys == "1"


def test_secret_key_generated_once_into_the_data_folder(tmp_path):
    code = "from cabinet import settings; print(settings.SECRET_KEY)"

    first = python(code, data_dir=tmp_path)
    second = python(code, data_dir=tmp_path)

    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, [False, False, ["127.0.0.1", "localhost", "[::1]"]]),
        (
            {
                "CABINET_DEBUG": "true",
                "CABINET_HTTPS": "1",
                "CABINET_ALLOWED_HOSTS": "cabinet.example.fr, www.cabinet.example.fr",
            },
            [True, True, ["cabinet.example.fr", "www.cabinet.example.fr"]],
        ),
    ],
)
def test_flags_and_hosts_from_the_environment(tmp_path, env, expected):
    code = (
        "import json; from cabinet import settings as s;"
        "print(json.dumps([s.DEBUG, getattr(s, 'SESSION_COOKIE_SECURE', False), s.ALLOWED_HOSTS]))"
    )

    result = python(code, data_dir=tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
