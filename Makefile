# China–ASEAN Connectivity Atlas. `make run` and `make test` work on a fresh
# machine with Python 3.11: they create .venv, install the pinned packages,
# copy Leaflet/jQuery into static/ and (for tests) make sure Chromium exists.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# The address `make run` listens on: this machine only. HOST=0.0.0.0 make run exposes it
# (for many users, `make serve` puts replicas behind nginx).
HOST ?= 127.0.0.1

REPLICAS ?= 3

.PHONY: run edit serve bench bench-load setup setup-dev assets browser test test-quick test-unit test-pages test-browser lint format validate data clean

run: setup assets
	$(PY) -m atlas validate || true
	env -u ATLAS_EDITOR $(PY) -m streamlit run app.py --server.port $(PORT) --server.address $(HOST)

# Editor mode: the Review page, where accepted proposals are written to data/ (docs/pipeline.md). This
# machine only, whatever HOST says: the public `make run` and `make serve` never show it and never write data.
edit: setup assets
	$(PY) -m atlas validate || true
	ATLAS_EDITOR=1 $(PY) -m streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1

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

# Debian's Chromium and a CJK font (Chinese screenshots show boxes without one) when we
# can install them (root), else Playwright's own build.
BROWSER_DEBS := chromium fonts-noto-cjk fonts-noto-color-emoji
browser: setup-dev
	@missing=""; for p in $(BROWSER_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "browser: /usr/bin/chromium with CJK and emoji fonts"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null && echo "browser: installed$$missing"; \
	elif [ -x /usr/bin/chromium ]; then echo "browser: /usr/bin/chromium (no CJK font: Chinese text may show as boxes)"; \
	else $(PY) -m playwright install chromium; fi

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

validate: setup
	$(PY) -m atlas validate

# Rebuild every derived file from its pinned inputs (data/README.md, "Build inputs, pinned"): the traced
# rail lines from data/raw/osm/, the finance layer from data/raw/aiddata/, the country outlines from
# world-atlas (fetched into the git-ignored .cache/ with npm and SHA-256 checked; skipped without npm).
# Each rebuild is byte-identical, so `git status` shows no change unless an input or a script did.
DERIVED := data/geo/derived/rail_traced.geojson data/finance/aiddata.geojson data/geo/countries.geojson
data: setup
	$(PY) scripts/build_rail_geometry.py
	$(PY) scripts/build_aiddata.py
	$(PY) scripts/build_countries.py
	$(PY) -m atlas validate >/dev/null && echo "data: validate OK"
	@changed="$$(git status --short -- $(DERIVED) 2>/dev/null)"; \
	if [ -n "$$changed" ]; then echo "data: changed:"; echo "$$changed"; else echo "data: every derived file as committed"; fi

test-unit: setup-dev
	$(PY) -m pytest tests/unit

test-pages: setup-dev
	$(PY) -m pytest tests/pages

test-browser: setup-dev assets browser
	$(PY) -m pytest tests/browser

test: lint assets browser
	$(PY) -m atlas validate
	$(PY) -m pytest tests

# Before a commit, in under two minutes: lint, the unit and page tests on both cores without the
# slow sweeps (pytest -m slow), and two browser scenarios (pytest -m smoke). CI runs `make test`.
test-quick: lint assets browser
	$(PY) -m atlas validate
	$(PY) -m pytest -q -n 2 -m "not slow" tests/unit tests/pages
	$(PY) -m pytest -q -m smoke tests/browser

clean:
	rm -rf $(VENV) static bench/static deploy/run .pytest_cache .ruff_cache test-artifacts
