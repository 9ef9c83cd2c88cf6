"""Entity pages: one per entity, an index per type and an index of all types.

Settings: ``ENTITIES_INDEX_SAVE_AS`` [``"entities/index.html"``],
``ENTITIES_TYPE_SAVE_AS`` [``"entities/{type}.html"``, type in lower case],
``ENTITIES_MIN_COUNT`` [1] (entities mentioned fewer times site-wide get no page and
their mentions are not linked: set it before the build, it is applied when linking).
"""

from __future__ import annotations

import logging

from pelican.generators import Generator

from site_nav import add_nav_link

from .gazetteer import TYPES

log = logging.getLogger(__name__)

TYPE_NAMES = {"PERS": "أشخاص", "LOC": "أماكن", "ORG": "منظمات", "MISC": "أسماء أخرى"}


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

    def generate_output(self, writer) -> None:
        rel = self.settings.get("RELATIVE_URLS", False)
        tpl_entity = self.get_template("entity")
        tpl_index = self.get_template("entities")
        for e in self.entities:
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
