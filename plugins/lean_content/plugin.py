"""Article bodies rendered when a page asks for them, not kept for the whole build.

Pelican memoizes ``get_content(siteurl)`` of every article for every site URL it is
asked with, to the end of the build. With relative URLs (the local site, the offline
bundle) a page's site URL is its depth (``.``, ``..``), so each body is kept twice
beside its source, and the entity plugin's link rewriting makes each copy a new
string: 12 MB at 1,000 articles, 120 MB at 10,000. Rendering a body again is two
regular-expression passes (tens of microseconds); Pelican still memoizes summaries.
"""

from types import MethodType

from pelican import signals
from pelican.contents import Content

from fixed_urls.plugin import contents

# Pelican's get_content without its memo (``memoized`` keeps the function as ``func``).
_RENDER = Content.__dict__["get_content"].func


def render_on_demand(generators) -> None:
    for content in contents(generators):
        content.get_content = MethodType(_RENDER, content)


def register():
    signals.all_generators_finalized.connect(render_on_demand)
