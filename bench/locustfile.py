"""Load test: operators using the portal and recording terminal use, against gunicorn.

    make loadtest                      (250 operators, 60 s, on the bench database)

or by hand, with the application served on HOST by gunicorn and the sessions written by
``bench/sessions.py`` (one signed-in session per generated operator):

    .venv/bin/locust -f bench/locustfile.py --headless -u 250 -r 25 -t 60s \\
        --host http://127.0.0.1:8001 --only-summary

Each simulated operator (one of ``op00001``, ... of bench/generate.py, already signed in)
waits 1 to 5 seconds between actions and then opens the portal home, the usage log, or
records a use (the form, the start, then the end with the number of look-ups) — the
usage-log entry of DESIGN.md rule 4, written through the service. Sign-in itself is not
repeated in the loop: its password hash costs about a third of a second of CPU by design
(PBKDF2), once a day per person. Prints throughput, median, 95th percentile and errors
(locust's summary) and exits non-zero on any error.
"""

import json
import os
import re
from itertools import count

from locust import HttpUser, between, events, task

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


class Operator(HttpUser):
    """An operator of an office with terminals, signed in with their own session."""

    wait_time = between(1, 5)

    def on_start(self):
        session = _sessions[next(_next) % len(_sessions)]
        self.client.cookies.set("sessionid", session["sessionid"])
        self.username = session["username"]

    @task(3)
    def home(self):
        self.client.get("/", name="portal home")

    @task(2)
    def usage_list(self):
        self.client.get("/terminals/usage/", name="usage log list")

    @task(2)
    def record_a_use(self):
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
            headers={"Referer": form.url},
            name="usage: start",
            catch_response=True,
        ) as started:
            if "/terminals/usage/new/" in started.url:  # the form again: refused
                started.failure("the start was refused")
                return
        token = _TOKEN.search(started.text)
        with self.client.post(
            started.url,
            data={
                "lookups": "3",
                "ended_at": "",
                "reason": "",
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": started.url},
            name="usage: finish",
            catch_response=True,
        ) as finished:
            if finished.status_code != 200:
                finished.failure(f"answered {finished.status_code}")


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
