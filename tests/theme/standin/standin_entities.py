"""A stand-in for the entities plugin, for the theme tests only: it sets the attributes
of the data contract (article.entities, article.related) from a fixed name list, so the
theme's home block and article side column can be checked without the real plugin."""

from types import SimpleNamespace

from pelican import signals

NAMES = [  # (id, canonical name, type, form in the text)
    ("g20", "مجموعة العشرين", "ORG", "مجموعة العشرين"),
    ("riyadh", "الرياض", "LOC", "الرياض"),
    ("aramco", "أرامكو السعودية", "ORG", "Saudi Aramco"),
    ("oil", "النفط", "MISC", "النفط"),
]


def annotate(generator):
    articles = sorted(generator.articles, key=lambda a: a.source_path)
    for article in articles:
        found = []
        for id_, name, type_, form in NAMES:
            n = article._content.count(form)
            if n:
                found.append(SimpleNamespace(id=id_, name=name, type=type_, slug=id_,
                                             url=f"entities/{id_}.html", count=n))
        article.entities = sorted(found, key=lambda e: (-e.count, e.name))
        article.related = [a for a in articles if a is not article]


def register():
    signals.article_generator_finalized.connect(annotate)
