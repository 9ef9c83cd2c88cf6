"""A small search index for the Node tests, built by the real Python writer.

    python tests/search/build_fixture.py OUT_DIR

Writes OUT_DIR/search/… (tiny shards, so that queries cross shard boundaries) and
OUT_DIR/full-index.json, the same documents indexed whole by lunr.py's own Builder, which the Node
tests load with lunr.Index.load to check that the sharded engine scores alike.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from search.documents import Facet, SearchDoc, ordered  # noqa: E402
from search.index import build  # noqa: E402
from search.shards import files  # noqa: E402
from tests.search.lunr_reference import lunr_index  # noqa: E402


def ent(name: str, slug: str, type_: str) -> Facet:
    return Facet("entity", slug, name, f"entities/{slug}.html", type_)


def src(name: str, code: str) -> Facet:
    return Facet("source", code, name, f"sources/{code}.html")


SYRIA = ent("سوريا", "سوريا", "LOC")
MOSCOW = ent("موسكو", "موسكو", "LOC")
KERRY = ent("جون كيري", "جون-كيري", "PERS")
IRAN = ent("إيران", "إيران", "LOC")
UN = ent("الأمم المتحدة", "الأمم-المتحدة", "ORG")

DOCS = [
    SearchDoc(
        "articles/washington-moscow.html",
        "واشنطن وموسكو تناقشان تفادي الصدام في سوريا",
        "2015-09-18",
        "قال وزير الخارجية الأمريكي جون كيري إن المحادثات العسكرية مع روسيا بشأن سوريا خطوة مهمة. "
        "وأبدت موسكو موافقتها على إجراء محادثات مع الولايات المتحدة.",
        [src("رويترز", "reuters")],
        [SYRIA, MOSCOW, KERRY],
    ),
    SearchDoc(
        "articles/fighters.html",
        "المقاتلات الأميركية توسع عملياتها في سورية",
        "2015-08-06",
        "وسعت الولايات المتحدة عقوباتها، وتقوم المقاتلات الأميركية بتوسيع عملياتها بسوريا لحماية فصائلها.",
        [src("الوطن", "alwatan")],
        [SYRIA],
    ),
    SearchDoc(
        "articles/nuclear.html",
        "الكونجرس يتجه لرفض الاتفاق النووي مع إيران",
        "2014-05-01",
        "يتجه الكونجرس الأمريكي إلى رفض الاتفاق النووي مع إيران، وقال مسؤولون إن التصويت قريب.",
        [src("أ ف ب", "afp")],
        [IRAN],
    ),
    SearchDoc(
        "articles/escape.html",
        "عنوان فيه </script><script>alert(1)</script> و&lt;b&gt;",
        "2015-08-01",
        "نص فيه فاصل\u2028سطر وفاصل\u2029فقرة و<b>وسم</b> والأمم المتحدة.",
        [src("الوطن", "alwatan")],
        [UN],
    ),
    SearchDoc(
        "articles/jordan.html",
        "السعودية والأردن.. تكامل استراتيجي سياسي واقتصادي",
        "2015-08-10",
        "تتكامل السعودية والأردن في السياسة والاقتصاد، وتناقش المحادثات بين البلدين التجارة.",
        [src("المدينة", "almadina")],
        [],
    ),
    SearchDoc(
        "articles/talks.html",
        "والمحادثات مستمرة",
        "2015-08-09",
        "استمرت المحادثات بين الطرفين في جنيف دون أن تذكر أي دولة.",
        [],
        [],
    ),
]

SHARD_BYTES = 300


def main(out: Path) -> None:
    docs = ordered(DOCS)
    target = out / "search"
    for rel, text in files(docs, build(docs), shard_bytes=SHARD_BYTES, facet_shard_docs=2):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "full-index.json").write_text(json.dumps(lunr_index(docs).serialize(), ensure_ascii=False), encoding="utf-8")
    (out / "docs.json").write_text(json.dumps([d.url for d in docs]), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
