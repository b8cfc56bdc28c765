# `make demo` and `make test` work on a fresh machine: each installs what is missing first.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install uv python-deps node-deps system-libs chromium env demo-data lint typecheck check messages serve

demo: install env demo-data serve

test: install chromium
	$(UV) run --frozen pytest --cov -n auto  # pytest-xdist: one worker per core

install: python-deps node-deps system-libs

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check uv

python-deps: uv
	$(UV) sync --frozen --quiet

node-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# WeasyPrint (the plan as PDF) needs Pango and a font from Debian.
system-libs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && test -d /usr/share/fonts/truetype/dejavu; } || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# A local .env for the demo with a fresh secret; an existing .env is left alone.
env:
	@test -f .env || { \
		printf 'ENVIRONMENT=demo\nSECRET_KEY=%s\n' "$$($(UV) run --frozen python -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env; \
		echo "Wrote .env (ENVIRONMENT=demo)."; }

demo-data:
	$(UV) run --frozen python manage.py migrate --no-input
	$(UV) run --frozen python manage.py collectstatic --no-input --verbosity 0
	$(UV) run --frozen python manage.py load_demo

serve:
	@echo "Sporskifte: http://127.0.0.1:$(PORT)/  (demo logins in README.md; stop with Ctrl-C)"
	$(UV) run --frozen python manage.py runserver 127.0.0.1:$(PORT)

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck:
	ENVIRONMENT=test $(UV) run --frozen mypy

messages:
	cd src/sporskifte && ENVIRONMENT=test $(UV) run --frozen django-admin makemessages -l en --settings=sporskifte.settings
	cd src/sporskifte && ENVIRONMENT=test $(UV) run --frozen django-admin compilemessages --settings=sporskifte.settings
