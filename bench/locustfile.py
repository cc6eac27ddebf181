"""Load test: operators using the portal and recording terminal use, against gunicorn.

    make loadtest                      (250 operators, 60 s, on the bench database)

or by hand, with the application served on HOST by gunicorn and the sessions written by
``bench/sessions.py`` (one signed-in session per generated operator):

    .venv/bin/locust -f bench/locustfile.py --headless -u 250 -r 25 -t 60s \\
        --host http://127.0.0.1:8001 --only-summary

Each simulated operator (one of ``op00001``, ... of bench/generate.py, already signed in)
waits 1 to 5 seconds between actions (``LOAD_WAIT="10,30"`` for a clerk who reads the page)
and then opens the portal home, the usage log, or records a use (the form, the start, then
the end with the number of look-ups) — the usage-log entry of DESIGN.md rule 4, written
through the service. Sign-in itself is not
repeated in the loop: its password hash costs about a third of a second of CPU by design
(PBKDF2), once a day per person. Prints throughput, median, 95th percentile and errors
(locust's summary) and exits non-zero on any error.
"""

import json
import os
import re
from itertools import count
from urllib.parse import urlsplit

from locust import FastHttpUser, between, events, task
from requests.cookies import create_cookie

SESSIONS = os.environ.get("BENCH_SESSIONS", "bench/.sessions.json")
_sessions = json.load(open(SESSIONS, encoding="utf-8"))  # noqa: SIM115 - read once at start
_next = count()
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def selected(html: str, name: str) -> str | None:
    """The selected (or else the first) option of the select ``name`` in a page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if not select:
        return None
    options = re.findall(r'<option value="(\d+)"([^>]*)>', select.group(1))
    chosen = [value for value, attrs in options if "selected" in attrs]
    return (chosen or [value for value, _attrs in options] or [None])[0]


def _wait() -> tuple[float, float]:
    """Seconds an operator waits between actions: LOAD_WAIT="1,5" (the default: a stress
    test, an action every 3 s per operator) or, say, "10,30" (a clerk reading the page)."""
    low, high = (float(x) for x in os.environ.get("LOAD_WAIT", "1,5").split(","))
    return low, high


class Operator(FastHttpUser):
    """An operator of an office with terminals, signed in with their own session. The
    geventhttpclient-based user: a fraction of the CPU of the requests-based one, which
    matters when the load and the server share two cores."""

    wait_time = between(*_wait())

    def on_start(self):
        session = _sessions[next(_next) % len(_sessions)]
        host = urlsplit(self.host).hostname
        self.client.cookiejar.set_cookie(
            create_cookie("sessionid", session["sessionid"], domain=host)
        )
        self.username = session["username"]

    @task(3)
    def home(self):
        self.client.get("/", name="portal home")

    @task(2)
    def usage_list(self):
        self.client.get("/terminals/usage/", name="usage log list")

    @task(2)
    def record_a_use(self):
        """The form, the start (POST, then the entry's page it leads to), the end (POST,
        then the usage log it leads to): six requests, each timed on its own."""
        with self.client.get(
            "/terminals/usage/new/", name="usage: form", catch_response=True
        ) as form:
            token = _TOKEN.search(form.text)
            data = {name: selected(form.text, name) for name in ("terminal", "card", "affair")}
            if not token or None in data.values():
                form.failure(f"{self.username}: no terminal, card or affair to choose")
                return
        with self.client.post(
            "/terminals/usage/new/",
            data={**data, "started_at": "", "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": f"{self.host}/terminals/usage/new/"},
            name="usage: start",
            allow_redirects=False,
            catch_response=True,
        ) as started:
            entry = started.headers.get("Location", "") if started.status_code == 302 else ""
            if "/terminals/usage/new/" in entry or not entry:  # the form again: refused
                started.failure(f"the start was refused ({started.status_code})")
                return
        page = self.client.get(entry, name="usage: entry page")
        token = _TOKEN.search(page.text)
        with self.client.post(
            entry,
            data={
                "lookups": "3",
                "ended_at": "",
                "reason": "",
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": f"{self.host}{entry}"},
            name="usage: finish",
            allow_redirects=False,
            catch_response=True,
        ) as finished:
            if finished.status_code != 302:
                finished.failure(f"answered {finished.status_code}")
                return
        self.client.get(finished.headers["Location"], name="usage: log after finishing")


def _machine(when: str) -> None:
    """The load of the machine, so that figures from a busy machine read as such."""
    one, five, _fifteen = os.getloadavg()
    print(f"{when}: {os.cpu_count()} cores, load average {one:.1f} (1 min), {five:.1f} (5 min)")


@events.test_start.add_listener
def _before(environment, **kwargs):
    _machine("before")


@events.quitting.add_listener
def _errors_fail_the_run(environment, **kwargs):
    _machine("after")
    if environment.stats.total.fail_ratio > 0:
        environment.process_exit_code = 1
