"""`cabinet serve` is the production server: it migrates first, collects static files and
answers through gunicorn."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CABINET = Path(sys.executable).with_name("cabinet")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url: str, process: subprocess.Popen, timeout: float = 120) -> int | None:
    """The first 200 of `url`, or None; a fresh database migrates first (slow on a busy machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            status, _ = get(url)
            if status == 200:
                return status
        except OSError:
            pass
        time.sleep(0.3)
    return None


def test_serve_migrates_collects_static_files_and_answers(tmp_path):
    port = free_port()
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CABINET_", "DJANGO_")) and key != "DATABASE_URL"
    }
    environ.update(CABINET_DATA_DIR=str(tmp_path), CABINET_DEBUG="0")
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [str(CABINET), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status = wait_for(f"{base}/api/v1/openapi.json", process)
        assert status == 200, (tmp_path / "serve.log").read_text()

        static_status, css = get(f"{base}/static/admin/css/base.css")
        assert static_status == 200
        assert b"{" in css
        assert (tmp_path / "static" / "staticfiles.json").exists()
        with sqlite3.connect(tmp_path / "cabinet.sqlite3") as database:
            applied = database.execute(
                "SELECT count(*) FROM django_migrations WHERE app = 'clients'"
            ).fetchone()[0]
        assert applied >= 2
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()

    assert process.returncode == 0, (tmp_path / "serve.log").read_text()
