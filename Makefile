# juki-admin — the two commands a newcomer needs:
#   make run    the application with demo data on http://127.0.0.1:8000 (SQLite by default)
#   make test   the whole test suite (on PostgreSQL when DATABASE_URL points at it)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000
# System packages: Japanese fonts for PDFs (IPAex, and Noto CJK for what IPAex lacks, such
# as 𠮷), WeasyPrint's Pango, poppler's pdftotext (the tests read PDFs back), and Debian's
# Chromium, which the end-to-end tests and `make screenshots` drive through Playwright (no
# browser is downloaded); the LDAP headers python-ldap builds against, and OpenLDAP's slapd and
# ldap-utils, which the directory tests start on a free port (never the system's instance).
APT_PACKAGES := fonts-ipaexfont fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils chromium \
                libldap2-dev libsasl2-dev slapd ldap-utils

.PHONY: run serve test screenshots lint format messages sysdeps check-deploy backup restore clean \
        bench-data bench loadtest

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed-runtime: pyproject.toml | $(PY)
	$(PY) -m pip install -q .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install -q ".[dev]"
	touch $@ $(VENV)/.installed-runtime

sysdeps:
	@if fc-list 2>/dev/null | grep -qi 'IPAex' && fc-list 2>/dev/null | grep -qi 'Noto Serif CJK' && command -v pdftotext >/dev/null && ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0" && ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset" && command -v chromium >/dev/null && command -v slapd >/dev/null && command -v ldapadd >/dev/null && [ -e /usr/include/ldap.h ] && [ -e /usr/include/sasl/sasl.h ]; then \
	  :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing system packages: $(APT_PACKAGES)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q $(APT_PACKAGES) >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && apt-get install -y -q $(APT_PACKAGES) >/dev/null; }; \
	else \
	  echo "juki-admin needs Japanese fonts and Pango for its PDFs, and Chromium for its browser tests, the LDAP headers for python-ldap and slapd for the directory tests. Please install them:"; \
	  echo "    sudo apt-get install $(APT_PACKAGES)"; \
	  exit 1; \
	fi

# A development .env (DEBUG=True) so that manage.py commands typed by hand work too.
.env:
	cp .env.example .env
	@echo "Created .env from .env.example (development settings, DEBUG=True)."

run: export DEBUG ?= True
run: sysdeps .env $(VENV)/.installed-runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo || echo "(demo data not loaded: see the message above)"
	$(PY) manage.py runserver $(HOST)

# Production serving: gunicorn behind an HTTPS proxy, static files by WhiteNoise (README,
# "Production"). Settings come from .env (DEBUG=False, SECRET_KEY, ALLOWED_HOSTS, ...).
WORKERS ?= 3
serve: $(VENV)/.installed-runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/gunicorn juki_admin.wsgi:application --bind $(HOST) --workers $(WORKERS) \
	  --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Backup of the whole database (pg_dump on PostgreSQL) into backups/, or FILE=...; restore
# into an empty database: make restore FILE=backups/x.dump [TARGET=postgres://.../new_db]
backup: $(VENV)/.installed-runtime
	$(PY) manage.py backup_db $(if $(FILE),--output $(FILE),)

restore: $(VENV)/.installed-runtime
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/juki_admin-....dump [TARGET=postgres://user@host/empty_db]"; exit 2; }
	$(PY) manage.py restore_db $(FILE) $(if $(TARGET),--database-url $(TARGET),)

# DEBUG=True here only spares the tests a SECRET_KEY and HTTPS redirects; Django runs
# every test with DEBUG off anyway.
# The suite runs on two processes (pytest-xdist; each has its own test database), one per core
# of the machines it runs on: TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: sysdeps $(VENV)/.installed-dev
	DEBUG=True $(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS)) $(PYTEST_ARGS)

# The screenshots of docs/screenshots/ (README, "Screenshots"): the demo served by a test
# server, each role's home page at 1280 px, the usage log and its form at 390 px.
screenshots: sysdeps $(VENV)/.installed-dev
	DEBUG=True $(PY) -m pytest -q -p no:cacheprovider tests/e2e/screenshots.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (only for whoever edits translations; the compiled .mo is committed).
messages: $(VENV)/.installed-dev
	DEBUG=True $(PY) manage.py makemessages -l ja --no-obsolete --no-wrap --ignore=.venv --ignore=tests
	DEBUG=True $(PY) manage.py compilemessages -l ja --ignore=.venv

# Benchmarks (docs/benchmarks.md) on a PostgreSQL database that they fill and keep:
#   make bench-data [SCALE=prefecture|national]   empties BENCH_DB and fills it (bench/generate.py)
#   make bench                                    page times and queries, import, PDFs
#   make loadtest [LOAD_USERS=250 LOAD_TIME=60s LOAD_WAIT=1,5]  locust against gunicorn, headless
BENCH_DB   ?= postgres://postgres@127.0.0.1:5432/juki_admin_bench
SCALE      ?= prefecture
LOAD_USERS ?= 250
LOAD_TIME  ?= 60s
LOAD_WAIT  ?= 1,5
LOAD_HOST  ?= 127.0.0.1:8001

$(VENV)/.installed-bench: pyproject.toml | $(PY)
	$(PY) -m pip install -q ".[dev,bench]"
	touch $@ $(VENV)/.installed-dev $(VENV)/.installed-runtime

bench-data: $(VENV)/.installed-bench
	@psql "$(dir $(BENCH_DB))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(BENCH_DB))'" | grep -q 1 || \
	  psql "$(dir $(BENCH_DB))postgres" -c "CREATE DATABASE $(notdir $(BENCH_DB))"
	DATABASE_URL=$(BENCH_DB) DEBUG=True $(PY) bench/generate.py $(SCALE)

bench: $(VENV)/.installed-bench
	DATABASE_URL=$(BENCH_DB) DEBUG=True $(PY) bench/pages.py
	DATABASE_URL=$(BENCH_DB) DEBUG=True $(PY) bench/staff_import.py
	DATABASE_URL=$(BENCH_DB) DEBUG=True $(PY) bench/pdf.py

# gunicorn in production mode but over plain HTTP on LOAD_HOST (no HTTPS redirect, cookies
# without Secure), stopped when locust ends; a throw-away SECRET_KEY for the bench only.
loadtest: export DATABASE_URL = $(BENCH_DB)
loadtest: export DEBUG = False
loadtest: export SECRET_KEY = bench-only-$(shell date +%s)-not-a-production-secret-key-0123456789
loadtest: export ALLOWED_HOSTS = 127.0.0.1,localhost
loadtest: export SECURE_SSL_REDIRECT = False
loadtest: export SESSION_COOKIE_SECURE = False
loadtest: export CSRF_COOKIE_SECURE = False
loadtest: export SECURE_HSTS_SECONDS = 0
loadtest: export LOG_LEVEL = WARNING
loadtest: export LOAD_WAIT := $(LOAD_WAIT)
loadtest: $(VENV)/.installed-bench
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) bench/sessions.py $(LOAD_USERS)
	@$(VENV)/bin/gunicorn juki_admin.wsgi:application --bind $(LOAD_HOST) --workers $(WORKERS) & \
	pid=$$!; trap "kill $$pid" EXIT; \
	for i in $$(seq 100); do curl -fs http://$(LOAD_HOST)/healthz >/dev/null && break; sleep 0.2; done; \
	$(VENV)/bin/locust -f bench/locustfile.py --headless -u $(LOAD_USERS) -r 25 -t $(LOAD_TIME) \
	  --host http://$(LOAD_HOST) --only-summary

check-deploy: $(VENV)/.installed-runtime
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
