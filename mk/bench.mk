SIZES ?= 1000
REPEAT ?= 3
.PHONY: bench
bench: setup  ## build speed and memory against plain Pelican (SIZES="1000 10000")
	$(PY) bench/run.py --sizes $(SIZES) --repeat $(REPEAT)
