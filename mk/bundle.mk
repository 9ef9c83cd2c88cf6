# Offline bundle, link check and GitHub Pages (issue 7; docs/deploy.md).
#   make offline     dist/<BUNDLE_NAME>-offline.zip: the archive with relative URLs, opens from file://
#   make linkcheck   check every internal link, asset and #anchor of $(OUTPUT)/ (SITEURL=… for a publish build)
#   make github      build with publishconf.py and push $(OUTPUT)/ to the gh-pages branch (ghp-import)

DIST            ?= dist
OFFLINE_SITE    ?= $(DIST)/.offline-site
GITHUB_PAGES_REMOTE ?= origin
GITHUB_PAGES_BRANCH ?= gh-pages

.PHONY: offline offline-clean linkcheck github github-check

# `make html` with relative URLs (pelicanconf.py) into a fresh folder, checked, then zipped.
offline: CONF = pelicanconf.py
offline: OUTPUT = $(OFFLINE_SITE)
offline: offline-clean html
	$(PY) -m tools.linkcheck $(OFFLINE_SITE)
	$(PY) -m tools.bundle $(OFFLINE_SITE) $(DIST) --settings pelicanconf.py
	rm -rf $(OFFLINE_SITE)

offline-clean:
	rm -rf $(OFFLINE_SITE)

linkcheck: setup
	@test -f $(OUTPUT)/index.html || { echo "no $(OUTPUT)/index.html: run 'make html' (or 'make publish') first"; exit 2; }
	$(PY) -m tools.linkcheck $(OUTPUT) $(if $(SITEURL),--site-url $(SITEURL))

github-check:
	@test -n "$(SITEURL)" || { echo "set SITEURL, e.g. make github SITEURL=https://USER.github.io/REPO"; exit 2; }

github: github-check publish
	$(PY) -m tools.linkcheck $(OUTPUT) --site-url $(SITEURL)
	@# .nojekyll and CNAME (GITHUB_PAGES_CNAME=…) are already in $(OUTPUT)/: plugins/github_pages writes them.
	.venv/bin/ghp-import --force --push --remote $(GITHUB_PAGES_REMOTE) --branch $(GITHUB_PAGES_BRANCH) \
	  --message "Publish $$(git rev-parse --short HEAD 2>/dev/null || echo site)" $(OUTPUT)
