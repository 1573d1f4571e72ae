"""Requests sent at once from threads, through HTTP, for the race tests (PostgreSQL)."""

import threading

from django.db import close_old_connections, connection
from django.test import Client as HttpClient


def send_at_once(actor, requests) -> list[tuple[int, dict]]:
    """Each (method, path, body) from its own thread through HTTP as `actor`, all at once;
    the (status, JSON) answers."""
    answers: list[tuple[int, dict]] = []
    barrier = threading.Barrier(len(requests))

    def run(method, path, body):
        http = HttpClient()
        http.force_login(actor)
        try:
            barrier.wait(timeout=10)
            response = getattr(http, method)(path, body, content_type="application/json")
            body = response.json() if response.content else {}  # a 204 has no body
            answers.append((response.status_code, body))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers
