"""Production serving: gunicorn with WhiteNoise answers the health check and serves the
collected static files with the security headers; the deployment checks watch the
project's own security settings."""

import os
import shutil
import socket
import subprocess
import sys
import time
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


def test_gunicorn_serves_the_health_check_and_static_files_through_whitenoise(tmp_path):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists() and not shutil.which("gunicorn"):
        pytest.skip("gunicorn is not installed")
    extra = {
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECURE_SSL_REDIRECT": "False",
        "LOG_LEVEL": "WARNING",
    }
    collected = _manage("collectstatic", "--noinput", "-v0", **extra)
    assert collected.returncode == 0, collected.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(gunicorn), "juki_admin.wsgi:application", "--bind", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=_env(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                health = urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        assert health.status == 200 and health.read() == b'{"status": "ok"}'
        script = urllib.request.urlopen(f"{base}/static/juki.js", timeout=5)
        assert script.status == 200 and b"session-warning" in script.read()
        assert "script-src 'self'" in script.headers["Content-Security-Policy"]
        assert script.headers["Permissions-Policy"]
    finally:
        server.terminate()
        server.wait(10)
