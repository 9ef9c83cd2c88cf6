# newsmeta: measured figures on the demo archive (quotes attributed, dates normalised).
.PHONY: newsmeta-stats

newsmeta-stats: setup
	$(PY) -m newsmeta.stats content seeds
