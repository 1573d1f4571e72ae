"""`make bench`'s query counter (cabinet.core.middleware.QueryCountMiddleware): opt-in with
CABINET_BENCH=1, it tells each response's SQL queries in `X-Cabinet-Queries`."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from cabinet.clients.models import Client
from cabinet.core.middleware import QueryCountMiddleware
from tests.core.test_settings import python
from tests.factories import ClientFactory

HEADER = "X-Cabinet-Queries"


def test_the_header_counts_the_queries_of_the_request(db):
    ClientFactory.create_batch(3)

    def view(request):
        for _ in range(3):
            list(Client.objects.all())
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(RequestFactory().get("/clients/"))

    assert response[HEADER] == "4"


def test_a_request_without_queries_counts_zero():
    response = QueryCountMiddleware(lambda request: HttpResponse())(RequestFactory().get("/"))

    assert response[HEADER] == "0"


def test_the_api_answers_the_header_when_enabled(api, settings):
    settings.MIDDLEWARE = ["cabinet.core.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    ClientFactory(name="Martin")

    response = api.get("/api/v1/clients", {"q": "mart"})

    assert response.status_code == 200
    assert int(response[HEADER]) >= 2  # the token, the page and its count at least


def test_the_header_is_off_unless_cabinet_bench_is_set(tmp_path):
    code = (
        "from cabinet import settings as s; print('QueryCountMiddleware' in ' '.join(s.MIDDLEWARE))"
    )

    assert python(code, data_dir=tmp_path).stdout.strip() == "False"
    assert python(code, data_dir=tmp_path, CABINET_BENCH="1").stdout.strip() == "True"
