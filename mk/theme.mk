# Theme (docs/theme.md). The HTML validator of the browser tests, vnu.jar from npm,
# runs on Java: `make browser` also installs Debian's default JRE when java is missing.
.PHONY: java screenshots

browser: java

java:
	@if ! command -v java >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

# Screenshots of home, article (and entity) pages at 390 and 1280 px, and the printed
# article, into output/test-artifacts/ (`make test` writes them too).
screenshots: setup browser
	$(PY) -m pytest -q tests/browser/test_layout.py -k "screenshot or print"
