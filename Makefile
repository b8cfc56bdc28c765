# `make demo` and `make test` work on a fresh machine: each installs what is missing first.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install uv python-deps node-deps system-libs chromium env demo-data lint typecheck check messages serve

demo: install env demo-data serve

test: install chromium
	$(UV) run --frozen pytest --cov -n auto --durations=15  # xdist: a worker per core

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

# WeasyPrint (the plan as PDF) needs Pango and a font from Debian; SAML (pysaml2) needs xmlsec1.
system-libs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && test -d /usr/share/fonts/truetype/dejavu \
		&& command -v xmlsec1 >/dev/null; } || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core xmlsec1 >/dev/null; }

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

# The local SAML IdP runs next to the app for single sign-on by the demo staff; Ctrl-C (or
# runserver ending) stops both.
IDP_PORT ?= 8001
SAML_DEMO_DIR := $(CURDIR)/.demo-saml
serve:
	@echo "Sporskifte: http://127.0.0.1:$(PORT)/  (demo logins in README.md; stop with Ctrl-C)"
	@rm -f $(SAML_DEMO_DIR)/idp-metadata.xml
	@$(UV) run --frozen python manage.py run_demo_idp --port $(IDP_PORT) \
		--sp http://127.0.0.1:$(PORT) --directory $(SAML_DEMO_DIR) & idp=$$!; \
	trap 'kill $$idp 2>/dev/null; wait $$idp 2>/dev/null' EXIT INT TERM; \
	for _ in $$(seq 100); do test -f $(SAML_DEMO_DIR)/idp-metadata.xml && break; sleep 0.2; done; \
	SAML_IDP_METADATA_FILE=$(SAML_DEMO_DIR)/idp-metadata.xml \
	SAML_SP_ENTITY_ID=http://127.0.0.1:$(PORT)/saml/metadata/ \
	SAML_SP_KEY_FILE=$(SAML_DEMO_DIR)/sp.key SAML_SP_CERT_FILE=$(SAML_DEMO_DIR)/sp.crt \
	SAML_NO_ACCESS_CONTACT="en administrator (i demoen: brugeren admin)" \
	$(UV) run --frozen python manage.py runserver 127.0.0.1:$(PORT)

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck:
	ENVIRONMENT=test $(UV) run --frozen mypy

messages:
	cd src/sporskifte && ENVIRONMENT=test $(UV) run --frozen django-admin makemessages -l en --settings=sporskifte.settings
	cd src/sporskifte && ENVIRONMENT=test $(UV) run --frozen django-admin compilemessages --settings=sporskifte.settings
