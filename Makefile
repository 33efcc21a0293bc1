# Workaloud: `make run` to try it, `make test` to test it. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO ?= 1
export DEBUG ?= 1

.PHONY: run test bench bench-relationships bench-circles bench-digests bench-imports bench-import-readers bench-search bench-discovery bench-discovery-quality lint format clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	@if [ "$(DEMO)" != "0" ]; then $(PY) manage.py load_demo; fi
	@echo ""
	@echo "  Workaloud is running at http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	@echo ""
	@# Background jobs (reminders, digests, the nightly rebuild) run beside the web server.
	@$(PY) manage.py run_huey --quiet & jobs=$$!; trap 'kill $$jobs 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, browser tests included (they install Debian's chromium when missing), spread
# over one worker per core, at most 4 (TEST_WORKERS=0 runs it in this one process).
TEST_WORKERS ?= auto
test: $(VENV)/.installed
	$(PY) -m tests.e2e.ensure_browser
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses 4

# The home-feed benchmark (see bench/README.md); BENCH_ARGS="--scale 0.01" for a quick run.
bench: $(VENV)/.installed
	$(PY) bench/feed_bench.py $(BENCH_ARGS)

# The relationships benchmark (see bench/README.md); BENCH_ARGS="--scale 0.01" for a quick run.
bench-relationships: $(VENV)/.installed
	$(PY) bench/relationships_bench.py $(BENCH_ARGS)

# Discovery speed (docs/discovery.md); BENCH_ARGS="--scale 0.01" for a quick run.
bench-discovery: $(VENV)/.installed
	$(PY) bench/discovery_bench.py $(BENCH_ARGS)

# Who-could-help quality on Math Educators Stack Exchange (../shared/data).
bench-discovery-quality: $(VENV)/.installed
	$(PY) bench/discovery_quality.py $(BENCH_ARGS)

# The Mastodon, mbox and Stack Exchange readers (docs/imports.md); BENCH_ARGS="--scale 0.1" quick.
bench-import-readers: $(VENV)/.installed
	$(PY) bench/import_readers_bench.py $(BENCH_ARGS)

# The digest benchmark (see bench/README.md); BENCH_ARGS="--scale 0.1" for a quick run.
bench-digests: $(VENV)/.installed
	$(PY) bench/digests_bench.py $(BENCH_ARGS)

# The import benchmark (see bench/README.md); BENCH_ARGS="--scale 0.1" for a quick run.
bench-imports: $(VENV)/.installed
	$(PY) bench/imports_bench.py $(BENCH_ARGS)

# The search benchmark (see bench/README.md); BENCH_ARGS="--scale 0.01" for a quick run.
bench-search: $(VENV)/.installed
	$(PY) bench/search_bench.py $(BENCH_ARGS)

# The circle-matching benchmark (see bench/README.md); BENCH_ARGS="--size 1000" for a quick run.
bench-circles: $(VENV)/.installed
	$(PY) bench/circles_bench.py $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache
