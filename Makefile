# Waypost — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-bootstrap/bin/uv)
PY := .venv/bin/python
PYTEST_ARGS ?=

.PHONY: demo test test-fast test-browser lint typecheck check bench setup messages compilemessages clean vendor

# Without uv on the PATH, install it into a private bootstrap environment.
.venv-bootstrap/bin/uv:
	python3 -m venv .venv-bootstrap
	.venv-bootstrap/bin/pip install -q uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced

demo: setup
	$(PY) -m waypost.cli.main demo --port $(PORT)

test: setup
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: setup
	$(PY) -m pytest -n 2 --dist loadfile -m "not browser" $(PYTEST_ARGS)

lint: .venv/.synced
	.venv/bin/ruff check .

typecheck: .venv/.synced
	.venv/bin/mypy waypost config

check: .venv/.synced
	DJANGO_SETTINGS_MODULE=config.django.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.django.test $(PY) manage.py makemigrations --check --dry-run
	.venv/bin/lint-imports

bench: setup
	$(PY) bench/run_all.py

messages: .venv/.synced
	$(PY) manage.py makemessages -l de -l zh_Hans --ignore=.venv --ignore=var --ignore=bench --ignore='*/tests/*' --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l de -l zh_Hans --ignore=.venv --ignore=var --ignore="waypost/web/static/vendor/*" --no-obsolete || true

compilemessages: .venv/.synced
	$(PY) manage.py compilemessages --ignore=.venv -v 0

vendor:
	python3 scripts/vendor_static.py

clean:
	rm -rf var .venv .venv-bootstrap
