"""Regenerate the corpus part of vectors.json (the hand-written part is kept as is).

    python tests/search/make_vectors.py [CONTENT_DIR]

Corpus vectors are titles and first sentences of the demo articles, with the tokens
the Python pipeline gives today: they freeze its behaviour and hold arabic.js to it.
Hand vectors and variant groups are edited in the JSON file directly.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from arabic.analyzer import analyze  # noqa: E402

VECTORS = HERE / "vectors.json"


def corpus_lines(content: Path) -> list[str]:
    lines = []
    for path in sorted(content.glob("*.md")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        title = re.search(r"^Title:\s*(.*)$", head, re.M)
        if not title:
            continue  # SOURCES.md and other non-articles
        lines.append(title.group(1).strip())
        paragraphs = [p.strip() for p in body.split("\n\n") if len(p.strip()) > 40]
        if paragraphs:
            lines.append(re.split(r"(?<=[.!؟])\s", paragraphs[0])[0][:300])
    return lines


def write(data: dict) -> None:
    """One vector or group a line: readable diffs, deterministic bytes."""

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list):
            body = ",\n".join("  " + dump(v) for v in value)
            parts.append(f" {dump(key)}: [\n{body}\n ]")
        else:
            parts.append(f" {dump(key)}: {dump(value)}")
    VECTORS.write_text("{\n" + ",\n".join(parts) + "\n}\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    content = Path(argv[1]) if len(argv) > 1 else ROOT / "content"
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    data["corpus"] = [{"text": t, "tokens": analyze(t)} for t in corpus_lines(content)]
    write(data)
    print(f"{len(data['hand'])} hand vectors, {len(data['corpus'])} corpus vectors")


if __name__ == "__main__":
    main(sys.argv)
