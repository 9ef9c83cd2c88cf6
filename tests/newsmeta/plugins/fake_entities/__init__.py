"""A stand-in for the entities plugin (same data contract), for newsmeta's site tests.

Sets ``article.entities`` from a four-name gazetteer so that speaker links, entity
quotes, JSON-LD mentions and per-entity feeds can be tested without the real tagger.
"""

from types import SimpleNamespace

from pelican import signals
from pelican.contents import Article

from arabic import normalize

GAZETTEER = [
    ("kerry", "جون كيري", "PERS", ("كيري",)),
    ("zakharova", "ماريا زاخاروفا", "PERS", ("زاخاروفا",)),
    ("pentagon", "وزارة الدفاع الأمريكية", "ORG", ("البنتاغون", "البنتاجون")),
    ("abadi", "حيدر العبادي", "PERS", ("العبادي",)),
]


def add_entities(content):
    if not isinstance(content, Article):
        return
    text = normalize(content._content)
    found = []
    for eid, name, etype, aliases in GAZETTEER:
        count = sum(text.count(normalize(a)) for a in (name,) + aliases)
        if count:
            found.append(SimpleNamespace(id=eid, name=name, type=etype, slug=eid, aliases=aliases,
                                         url=f"entities/{eid}.html", count=count))
    content.entities = sorted(found, key=lambda e: (-e.count, e.name))


def register():
    signals.content_object_init.connect(add_entities)
