# Set-up and everyday commands. `make demo` and `make test` install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= dateline.db

.PHONY: install demo test bench eval eval-t17 eval-devset chromium clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,ray]'
	touch $(STAMP)

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/dateline run examples/seeds --db $(DB) --quiet || test $$? -eq 3
	$(BIN)/dateline timeline --db $(DB) --format md

test: install chromium
	$(BIN)/python -m pytest -q

# Throughput and memory against spaCy's own pipeline; e.g. make bench ARGS="--n 20000 --workers 1,2",
# or on Timeline17's real articles (../shared/benchmarks/timeline17): make bench ARGS="--corpus t17"
bench: install
	$(BIN)/python bench/run.py $(ARGS)

# Dateline on the public gold sets in ../shared/benchmarks (or DATA=path); absent sets are skipped.
eval: install
	$(BIN)/python -m bench.eval.run $(if $(DATA),--data $(DATA))
	$(BIN)/python bench/eval/t17.py $(if $(DATA),--tarball $(DATA)/timeline17/timeline17.tar.gz)

# Timeline17 (../shared/benchmarks/timeline17) scored as the field scores it; TOPICS=a,b for some
# topics, WORK=dir to keep the unpacked files and databases between calls.
eval-t17: install
	$(BIN)/python bench/eval/t17.py $(if $(TOPICS),--topics $(TOPICS)) $(if $(WORK),--work $(WORK))

# The real-news development set (../shared/devset), when its texts are in .cache/devset/ (the
# script says how to fetch them when they are not); ARGS=--splits shows where each
# multi-outlet event's reports ended up.
eval-devset: install
	$(BIN)/python bench/eval/devset.py $(ARGS)

# The browser tests drive Debian's chromium; install it when missing (needs root and apt-get).
chromium:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "could not install chromium; the browser tests will be skipped"

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DB) $(DB)-wal $(DB)-shm
