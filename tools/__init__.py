"""Command-line tools: link checking, the offline bundle, NER training, shared-data lookup."""
