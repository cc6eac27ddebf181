"""503 while the database is away: wherever below the outage middleware the database fails
(the session load in a middleware, the session's save, a view, a template), the answer is the
Japanese 503 page with Retry-After, logged once; the next request after the database is back
is served, on the production handler too."""

import io
import logging
import wsgiref.util
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from juki_admin.middleware import RETRY_AFTER_SECONDS

AWAY_TEXT = "データベースに接続できません。しばらくしてから再度お試しください。"


@pytest.fixture
def signed_in(operator):
    """A signed-in operator's client that answers as the server does (Django's test client
    would raise again the exception a middleware turned into an answer)."""
    client = Client(raise_request_exception=False)
    client.force_login(operator)
    assert client.get("/").status_code == 200  # the session's clocks started and saved
    return client


def assert_away(response):
    assert response.status_code == 503
    body = response.content.decode()
    assert AWAY_TEXT in body
    assert '<html lang="ja">' in body
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"


def _failing_cursor(error):
    return mock.patch.object(connection, "cursor", side_effect=error("connection closed"))


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_signed_in_page_answers_503_when_the_session_cannot_be_loaded(signed_in, error):
    # a fresh session store: the first look-up is the session's, in a middleware
    with _failing_cursor(error):
        response = signed_in.get("/")
    assert_away(response)
    assert signed_in.get("/").status_code == 200


@pytest.mark.django_db
def test_a_page_answers_503_when_its_view_loses_the_database(signed_in):
    with mock.patch("juki_admin.portal.home_context", side_effect=OperationalError("gone")):
        response = signed_in.get("/")
    assert_away(response)
    assert signed_in.get("/").status_code == 200


@pytest.mark.django_db
def test_a_page_answers_503_when_the_session_cannot_be_saved(signed_in, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = True  # the session middleware saves after the view
    with mock.patch.object(SessionStore, "save", side_effect=OperationalError("read-only")):
        response = signed_in.get("/")
    assert_away(response)
    assert signed_in.get("/").status_code == 200


@pytest.mark.django_db
def test_an_anonymous_sign_in_page_answers_503_while_the_database_is_away():
    client = Client(raise_request_exception=False)
    with _failing_cursor(OperationalError):
        response = client.post("/login/", {"username": "x", "password": "y"})
    assert_away(response)


@pytest.mark.django_db
def test_the_503_page_keeps_the_security_headers(signed_in):
    with _failing_cursor(OperationalError):
        response = signed_in.get("/")
    assert_away(response)
    assert response["Content-Security-Policy"]
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_outage_is_logged_once_and_not_as_an_internal_server_error(signed_in, caplog):
    caplog.set_level(logging.INFO)
    with _failing_cursor(OperationalError):
        assert signed_in.get("/").status_code == 503
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [(r.name, r.getMessage()) for r in errors] == [
        ("juki_admin.outage", "database_unavailable")
    ]
    assert errors[0].path == "/" and errors[0].error == "OperationalError"


@pytest.mark.django_db
def test_other_errors_still_answer_500(signed_in):
    with mock.patch("juki_admin.portal.home_context", side_effect=RuntimeError("a bug")):
        assert signed_in.get("/").status_code == 500


def test_nothing_that_can_read_the_database_runs_above_the_outage_middleware():
    """Only middleware that sets headers runs before it: the session, the user, CSRF, axes and
    the rest all run below it."""
    above = settings.MIDDLEWARE[
        : settings.MIDDLEWARE.index("juki_admin.middleware.DatabaseUnavailableMiddleware")
    ]
    assert above == [
        "django.middleware.security.SecurityMiddleware",
        "juki_admin.middleware.SecurityHeadersMiddleware",
        "csp.middleware.CSPMiddleware",
    ]


# --- the production handler: Django's own connection handling between requests ----------------


def serve(path: str, client: Client):
    """One GET through the WSGI handler gunicorn runs (request_started and request_finished
    check and close the connection, as between a server's requests), with ``client``'s
    session cookie."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}="
        f"{client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "wsgi.input": io.BytesIO(),
    }
    wsgiref.util.setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response).decode()
    finally:
        response.close()  # what a WSGI server does: fires request_finished
    return answer["status"], answer["headers"], body


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    """Ends the backend ``pid`` from a second connection, waiting until it is gone (the shared
    server itself keeps running)."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        ended = other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0]
    assert ended


@pytest.fixture
def served(operator):
    client = Client()
    client.force_login(operator)
    assert serve("/", client)[0] == 200
    return client


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backend_terminated_under_a_session_is_reopened_by_the_health_check(served):
    _terminate(_backend_pid())
    status, _, _ = serve("/", served)
    assert status == 200  # CONN_HEALTH_CHECKS found the dead connection and opened another


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backend_terminated_under_a_session_answers_503_then_recovers_without_health_checks(
    served,
):
    connection.health_check_enabled = False  # as if the backend died after the check
    _terminate(_backend_pid())
    status, headers, body = serve("/", served)
    assert status == 503 and AWAY_TEXT in body
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    status, _, _ = serve("/", served)
    assert status == 200  # request_finished closed the broken connection; this one reopened


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_at_a_dead_port_answers_503_and_the_next_request_after_it_is_back_works(
    served,
):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = dead_port
    try:
        status, _, body = serve("/", served)
    finally:
        connection.settings_dict["PORT"] = port
    assert status == 503 and AWAY_TEXT in body
    assert serve("/", served)[0] == 200
