# The two set-up commands (see README): `make run` serves the app, `make test` runs every check.
# Each creates .venv and installs what it needs on first use.
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
BIN = $(VENV)/bin

.PHONY: run test unit check lint bench chromium nginx qgis

$(BIN)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,prod]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/geoapp serve --host $(HOST) --port $(PORT)

check: $(BIN)/.installed
	$(BIN)/geoapp check

lint: $(BIN)/.installed
	$(BIN)/ruff check geoapp tests bench
	$(BIN)/ruff format --check geoapp tests bench
	$(BIN)/mypy

# The inner loop: the unit tests alone (tiny synthetic data under tmp_path, no servers).
unit: $(BIN)/.installed
	$(BIN)/pytest tests/unit -q

# Browser tests use Debian's Chromium; install it when missing (CI runs as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The static export's tests serve it with Debian's nginx-light (tests/static_host.py).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx-light >/dev/null; }

# The QGIS client test reads the OGC API with Debian's QGIS (python3-qgis, for Debian's own
# /usr/bin/python3); install it when missing.
qgis:
	@/usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends python3-qgis >/dev/null; }

# axe-core (the accessibility audit of the browser tests) comes from npm, pinned by
# package-lock.json; `npm ci` installs exactly that into node_modules/ when missing.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(BIN)/.installed chromium nginx qgis node_modules/axe-core/axe.min.js lint
	$(BIN)/geoapp check
	$(BIN)/pytest

# The benchmark loads the app with wrk and compares it with nginx, both from Debian.
bench: $(BIN)/.installed chromium
	@command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk nginx-light >/dev/null; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)
