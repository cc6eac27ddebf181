"""Production serving: gunicorn with WhiteNoise answers the health check and serves the
collected static files with the security headers, and answers 503 while the database is
away; the deployment checks watch the project's own security settings."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "x" * 20 + "-a-long-and-random-production-key-1234567890",
    "ALLOWED_HOSTS": "127.0.0.1,juki.example.pref.lg.jp",
}


def _env(**extra):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return {**base, **PRODUCTION, **extra}


def _manage(*args, **extra):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_warns_when_two_factor_sign_in_is_turned_off():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", TWO_FACTOR_ENFORCED="False")
    assert result.returncode != 0
    assert "juki_admin.W001" in result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(tmp_path, **extra):
    """gunicorn with production settings on a free port, after collectstatic; yields its
    address once it answers."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists() and not shutil.which("gunicorn"):
        pytest.skip("gunicorn is not installed")
    extra = {
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECURE_SSL_REDIRECT": "False",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    collected = _manage("collectstatic", "--noinput", "-v0", **extra)
    assert collected.returncode == 0, collected.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(gunicorn), "juki_admin.wsgi:application", "--bind", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=_env(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/static/juki.js", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        yield base, server
    finally:
        server.terminate()
        server.wait(10)


def test_gunicorn_serves_the_health_check_and_static_files_through_whitenoise(tmp_path):
    with _gunicorn(tmp_path) as (base, _):
        health = urllib.request.urlopen(f"{base}/healthz", timeout=5)
        assert health.status == 200 and health.read() == b'{"status": "ok"}'
        script = urllib.request.urlopen(f"{base}/static/juki.js", timeout=5)
        assert script.status == 200 and b"session-warning" in script.read()
        assert "script-src 'self'" in script.headers["Content-Security-Policy"]
        assert script.headers["Permissions-Policy"]


def test_gunicorn_answers_503_in_japanese_while_postgresql_is_away(tmp_path):
    """A PostgreSQL that does not answer (a port nothing listens on): a signed-in page (its
    session cookie read from the database) answers the 503 page, not a 500, logged once."""
    dead_port = _free_port()
    with _gunicorn(tmp_path, DATABASE_URL=f"postgres://juki@127.0.0.1:{dead_port}/juki_admin") as (
        base,
        server,
    ):
        request = urllib.request.Request(f"{base}/", headers={"Cookie": "sessionid=" + "a" * 32})
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=10)
        assert answer.value.code == 503
        assert answer.value.headers["Retry-After"] == "10"
        assert "データベースに接続できません" in answer.value.read().decode()
        with pytest.raises(urllib.error.HTTPError) as health:
            urllib.request.urlopen(f"{base}/healthz", timeout=10)
        assert health.value.code == 503
        server.terminate()
        log = server.communicate(timeout=10)[1]
    assert log.count('"event": "database_unavailable"') == 1, log
    assert "Internal Server Error" not in log
