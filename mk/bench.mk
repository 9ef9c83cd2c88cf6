SIZES ?= 1000
REPEAT ?= 3
.PHONY: bench
bench: setup  ## build speed and memory against plain Pelican (SIZES="1000 10000")
	$(PY) bench/run.py --sizes $(SIZES) --repeat $(REPEAT)

PROFILE_SIZE ?= 1000
.PHONY: profile
profile: setup  ## pyinstrument call trees of a cold and a warm build (PROFILE_SIZE=10000)
	$(PY) bench/profile.py --size $(PROFILE_SIZE)
