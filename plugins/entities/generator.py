"""Entity pages: one per entity, an index per type and an index of all types.

Settings: ``ENTITIES_INDEX_SAVE_AS`` [``"entities/index.html"``],
``ENTITIES_TYPE_SAVE_AS`` [``"entities/{type}.html"``, type in lower case],
``ENTITIES_MIN_COUNT`` [1] (entities mentioned fewer times site-wide get no page and
their mentions are not linked: set it before the build, it is applied when linking),
and ``KEEP_PAGES`` [True] (an entity page whose key is unchanged since the last
build, and whose file is as that build left it, is not rendered again: kept_pages).
"""

from __future__ import annotations

import logging
from array import array

from pelican.generators import Generator
from pelican.utils import sanitised_join

from build_report.stages import count, stage
from site_nav import add_nav_link

from kept_pages.memo import Keys, PageMemo, open_family

from . import fragments
from .gazetteer import TYPES

log = logging.getLogger(__name__)

TYPE_NAMES = {"PERS": "أشخاص", "LOC": "أماكن", "ORG": "منظمات", "MISC": "أسماء أخرى"}

#: The fields of entities.annotate.Entity that :func:`page_key` reads (aliases
#: through ``forms``); a test holds the list to the dataclass.
ENTITY_FIELDS = ("key", "name", "type", "name_en", "wikidata", "slug", "url", "save_as", "count", "forms",
                 "articles", "_co", "_co_counts", "_aliases")


def page_key(keys: Keys, e) -> bytes:
    """The key of entity ``e``'s page: :data:`ENTITY_FIELDS`, its co-mentioned entities
    (``keys.ref``) and how many articles each shares with it, its articles'
    fingerprints, on the build's key (kept_pages.memo)."""
    h = keys.start()
    own = (e.key, e.name, e.type, e.name_en, e.wikidata, e.slug, e.url, e.save_as, e.count,
           sorted(e.forms.items()), len(e._co), len(e.articles))
    h.update(repr(own).encode("utf-8", "surrogatepass"))
    h.update(b"".join(map(keys.ref, e._co)))
    h.update(array("q", e._co_counts).tobytes())
    h.update(b"".join(map(keys.article, e.articles)))
    return h.digest()


class EntitiesGenerator(Generator):
    """Writes the entity pages from the registry the annotation step left in the context."""

    def generate_context(self) -> None:
        self.entities = self.context.get("entities", [])
        self.index_save_as = self.settings.get("ENTITIES_INDEX_SAVE_AS", "entities/index.html")
        self.type_save_as = self.settings.get("ENTITIES_TYPE_SAVE_AS", "entities/{type}.html")
        self.by_type = {t: [e for e in self.entities if e.type == t] for t in TYPES}
        if self.entities and self.settings.get("ENTITIES_NAV", True):
            add_nav_link(self.context, "الأسماء", self.index_save_as)
        self.context["entity_types"] = [
            {"type": t, "name": TYPE_NAMES[t], "url": self.type_save_as.format(type=t.lower()), "count": len(self.by_type[t])}
            for t in TYPES
        ]
        self.context["entities_index_url"] = self.index_save_as
        self.context["entity_type_urls"] = {t["type"]: t["url"] for t in self.context["entity_types"]}
        self.context["entity_type_names"] = dict(TYPE_NAMES)
        self.env.globals["once"] = fragments.once

    def generate_output(self, writer) -> None:
        rel = self.settings.get("RELATIVE_URLS", False)
        tpl_entity = self.get_template("entity")
        tpl_index = self.get_template("entities")
        memo, keys = self._page_memo(writer, tpl_entity)
        kept = bytes(len(self.entities))
        if memo is not None:
            with stage("entity pages"):
                kept = memo.unchanged(lambda i: page_key(keys, self.entities[i]), lambda i: self.entities[i].articles)
            count("entity_pages_kept", kept.count(1))
        with fragments.kept():  # what several pages list made once
            for e, keep in zip(self.entities, kept):
                if keep:
                    writer.keep(sanitised_join(self.output_path, e.save_as))
                    continue
                writer.write_file(e.save_as, tpl_entity, self.context, relative_urls=rel, entity=e, page_name=e.save_as.rsplit(".", 1)[0])
        for t in TYPES:
            save_as = self.type_save_as.format(type=t.lower())
            writer.write_file(
                save_as, tpl_index, self.context, relative_urls=rel,
                entity_type=t, entity_type_name=TYPE_NAMES[t], groups=[(t, TYPE_NAMES[t], self.by_type[t])],
                page_name=save_as.rsplit(".", 1)[0],
            )
        writer.write_file(
            self.index_save_as, tpl_index, self.context, relative_urls=rel, entity_type=None,
            entity_type_name=None, groups=[(t, TYPE_NAMES[t], self.by_type[t]) for t in TYPES],
            page_name=self.index_save_as.rsplit(".", 1)[0],
        )
        log.info("entities: wrote %d entity pages and %d indexes", len(self.entities), len(TYPES) + 1)

    def _page_memo(self, writer, template) -> tuple[PageMemo | None, Keys | None]:
        """The last build's entity pages and this build's keys, when pages may be kept
        (kept_pages.memo.open_family)."""
        with stage("entity pages"):
            opened = open_family("entity-pages", "entity pages", writer, self.env, template.name, self.context,
                                 [e.save_as for e in self.entities])
        if opened is None:
            return None, None
        memo, base, _folder = opened
        return memo, Keys(base)
