# Entity annotation (plugins/entities): training, evaluation and speed of the tagger.
NER_DATA ?= data/ner/anercorp_dev.conll

.PHONY: train-ner eval-ner cv-ner bench-ner clusters-ner words-ner

train-ner: setup  ## retrain the CRF tagger on $(NER_DATA); writes the model and MODEL.json
	nice $(PY) tools/ner/train.py --data $(NER_DATA)

eval-ner: setup  ## P/R/F1 per type of the shipped annotator on DATA=file.conll; last line "micro-F1 x"
	@test -n "$(DATA)" || { echo "usage: make eval-ner DATA=file.conll" >&2; exit 2; }
	@$(PY) tools/ner/evaluate.py $(DATA)

cv-ner: setup  ## 5-fold cross-validation on $(NER_DATA) (slow: 5 x 4 trainings)
	nice $(PY) tools/ner/cv.py --data $(NER_DATA)

bench-ner: setup  ## tagger tokens/s on the demo articles, one core, cold
	$$(command -v taskset >/dev/null && echo taskset -c 0) $(PY) tools/ner/bench.py

clusters-ner: setup  ## rebuild plugins/entities/data/clusters.tsv from ../shared/data/saudinewsnet (numpy)
	nice $(PY) tools/ner/build_clusters.py

words-ner: setup  ## rebuild plugins/entities/data/words.txt, the words of the compiled table (../shared)
	$(PY) tools/ner/build_words.py
