# Two commands do all the set-up on a fresh machine:
#   make run   - serve the site on http://127.0.0.1:8000 with SQLite and demo data, and the
#                background worker beside it (stopped with the server)
#   make test  - run the whole test suite (DATABASE_URL=postgres://... runs it on PostgreSQL)
SHELL := /bin/bash
# Debian's own python3.11 is built with profile-guided and link-time optimisation: everything (page
# views, PDF rendering) runs 12-15 % faster on it than on a plain source build such as pyenv's
# (bench/bench_documents.py). It is preferred when present with its venv module; PYTHON=... overrides.
PYTHON ?= $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1 && echo /usr/bin/python3.11 || echo python3.11)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test setup system-packages venv assets messages migrate demo bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON)); đặt PYTHON=... nếu ở chỗ khác"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json
	@command -v npm >/dev/null 2>&1 || { echo "Cần npm (Debian: apt-get install npm) để cài htmx từ npm registry"; exit 1; }
	npm install --no-audit --no-fund --silent
	touch $@

assets: node_modules/.installed

system-packages:
	@bash scripts/system-packages.sh

# The admin's Vietnamese for strings Django and its apps ship untranslated (locale/vi).
locale/vi/LC_MESSAGES/django.mo: locale/vi/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py compilemessages --locale vi --ignore '.venv' --ignore 'node_modules' -v 0

messages: locale/vi/LC_MESSAGES/django.mo

setup: system-packages venv assets messages

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo

# The worker (danvan/celery.py) prints documents after their life-cycle events and sends mails; its
# queue is the site's own database unless CELERY_BROKER_URL says otherwise. It stops with the server.
run: demo
	@echo "Trang web: http://$(HOST):$(PORT)/  (tài khoản demo: xem README.md)"
	@$(VENV)/bin/celery -A danvan worker --pool solo --loglevel WARNING & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: migrate
	$(VENV)/bin/celery -A danvan worker --loglevel INFO

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: migrate
	$(PY) bench/bench_documents.py
	$(PY) bench/bench_rollup.py

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts
