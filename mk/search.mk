# Search (plugins/search, docs/search.md).
#   make search Q="…"   top ten result URLs for a query, from the built index ($(OUTPUT)/)
#   make eval-search    recall@10 and MRR of tests/search/queries.json on $(OUTPUT)/
#   make bench-search   arshif search against Pagefind on 1,000 and 10,000 synthetic articles
#   make bench-stemmers which spelling variants arshif, lunr.ar and Pagefind unite
#   make bench-relevance the relevance query set through arshif and Pagefind
.PHONY: search eval-search bench-search bench-stemmers bench-relevance search-vectors

SEARCH_QUERIES ?= tests/search/queries.json

$(OUTPUT)/search/manifest.js:
	$(MAKE) html >&2

search: setup $(OUTPUT)/search/manifest.js
	@test -n "$(Q)" || { echo 'usage: make search Q="…"' >&2; exit 2; }
	@node plugins/search/cli.js --dir $(OUTPUT) "$(Q)"

eval-search: setup $(OUTPUT)/search/manifest.js
	@$(PY) -m search.evaluate --dir $(OUTPUT) --queries $(SEARCH_QUERIES)

bench-search: setup browser
	nice $(PY) bench/search_bench.py

bench-stemmers: setup browser
	nice $(PY) bench/search_stemmers.py

# Refresh the corpus part of the shared parity vectors after a deliberate change
# to the analyser (review the diff: it is the behaviour change).
search-vectors: setup
	$(PY) tests/search/make_vectors.py content/news

bench-relevance: setup browser $(OUTPUT)/search/manifest.js
	nice $(PY) bench/search_relevance.py $(OUTPUT)
