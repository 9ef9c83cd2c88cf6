"""Writes the two files GitHub Pages reads at the root of a published site.

* ``.nojekyll`` (GITHUB_PAGES_NOJEKYLL, default True): when the site is published from
  a branch (``make github``), Pages would otherwise run Jekyll over it, which drops
  files and folders whose names start with ``_`` or ``.``.
* ``CNAME`` (GITHUB_PAGES_CNAME, default "": none): the custom domain, e.g.
  ``archive.example.org``. A branch deploy takes the domain from this file; a
  deploy through GitHub Actions takes it from Settings → Pages → Custom domain,
  and the file then does no harm.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import Generator

logger = logging.getLogger(__name__)

HOSTNAME = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")


def cname_host(value: str) -> str:
    """The bare host name of GITHUB_PAGES_CNAME ('https://a.example.org/' -> 'a.example.org')."""
    value = value.strip()
    host = ((urlsplit(value).hostname or "") if "//" in value else value.rstrip("/")).lower()
    try:
        host = host.encode("idna").decode("ascii")  # an Arabic domain becomes its xn-- form
    except UnicodeError as error:
        raise ValueError(f"GITHUB_PAGES_CNAME is not a host name: {value!r}") from error
    if not HOSTNAME.fullmatch(host):
        raise ValueError(f"GITHUB_PAGES_CNAME is not a host name: {value!r}")
    return host


class GithubPagesGenerator(Generator):
    """Writes .nojekyll and, when GITHUB_PAGES_CNAME is set, CNAME into the output root."""

    def generate_output(self, writer):
        out = Path(self.output_path)
        if self.settings.get("GITHUB_PAGES_NOJEKYLL", True):
            (out / ".nojekyll").write_bytes(b"")
        cname = self.settings.get("GITHUB_PAGES_CNAME", "")
        if cname:
            host = cname_host(cname)
            (out / "CNAME").write_text(host + "\n", encoding="ascii")
            logger.info("GitHub Pages custom domain: %s", host)
