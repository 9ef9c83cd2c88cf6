"""Command-line tools run on a built site: link checking and the offline bundle."""
