# China–ASEAN Connectivity Atlas. `make run` and `make test` work on a fresh
# machine with Python 3.11: they create .venv, install the pinned packages,
# copy Leaflet/jQuery into static/ and (for tests) make sure Chromium exists.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

REPLICAS ?= 3

.PHONY: run serve bench bench-load setup setup-dev assets browser test test-unit test-pages test-browser lint format validate clean

run: setup assets
	$(PY) -m atlas validate || true
	$(PY) -m streamlit run app.py --server.port $(PORT)

# N replicas behind nginx with sticky sessions and WebSocket upgrade (deploy/).
serve: setup assets
	REPLICAS=$(REPLICAS) PORT=$(or $(SERVE_PORT),8500) PY=$(PY) deploy/serve.sh

# Benchmarks (not part of `make test`); figures in bench/README.md.
bench: setup-dev assets browser
	$(PY) -m atlas bench --real
	$(PY) -m atlas bench --features 1000
	$(PY) -m atlas bench --features 10000

bench-load: setup-dev assets browser
	$(PY) -m atlas bench --load --users 20

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

# Streamlit serves static/ only if it exists when the server starts.
assets: setup
	$(PY) -m atlas assets

# Debian's Chromium when we can install it (root), else Playwright's own build.
browser: setup-dev
	@if [ -x /usr/bin/chromium ]; then echo "browser: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && echo "browser: installed Debian chromium"; \
	else $(PY) -m playwright install chromium; fi

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

validate: setup
	$(PY) -m atlas validate

test-unit: setup-dev
	$(PY) -m pytest tests/unit

test-pages: setup-dev
	$(PY) -m pytest tests/pages

test-browser: setup-dev assets browser
	$(PY) -m pytest tests/browser

test: lint assets browser
	$(PY) -m atlas validate
	$(PY) -m pytest tests

clean:
	rm -rf $(VENV) static bench/static deploy/run .pytest_cache .ruff_cache test-artifacts
