"""The editors' file, content/entities.toml: add, merge, rename, retype or suppress.

Format (every key but ``name`` optional)::

    [[entity]]
    name = "وزارة الدفاع الأمريكية"   # an existing entity (any of its names) or a new one
    rename = "البنتاغون"              # new canonical name
    type = "ORG"                      # PERS, LOC, ORG or MISC
    aliases = ["وزارة الدفاع الأميركية", "البنتاجون"]  # other names merged into it
    name_en = "United States Department of Defense"
    wikidata = "Q11209"
    slug = "pentagon"                 # pin the page address

    [suppress]
    names = ["الجمعة"]                # never an entity

Problems are logged as warnings with the file and line: unknown keys or types, a name
claimed by two entities, a suppressed name that is also an alias, a malformed file.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .gazetteer import TYPES

log = logging.getLogger(__name__)

ENTITY_KEYS = {"name", "rename", "type", "aliases", "name_en", "wikidata", "slug"}


@dataclass
class Override:
    name: str
    line: int
    rename: str = ""
    type: str = ""
    aliases: list[str] = field(default_factory=list)
    name_en: str = ""
    wikidata: str = ""
    slug: str = ""


class Overrides:
    def __init__(self, entities: list[Override], suppress: list[tuple[str, int]], path: str = "", problems=None):
        self.entities = entities
        self.suppress = suppress
        self.path = path
        self.problems: list[str] = list(problems or [])

    @classmethod
    def empty(cls) -> "Overrides":
        return cls([], [])

    @classmethod
    def load(cls, path: str | Path) -> "Overrides":
        path = Path(path)
        if not path.exists():
            return cls.empty()
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()

        def line_of(value: str, after: int = 0) -> int:
            for i in range(after, len(lines)):
                if value in lines[i]:
                    return i + 1
            return 0

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            ov = cls([], [], str(path), [f"{path}: not valid TOML, ignored: {e}"])
            ov.report()
            return ov
        problems: list[str] = []
        entities: list[Override] = []
        block_lines = [i for i, l in enumerate(lines) if l.strip() == "[[entity]]"]
        for n, raw in enumerate(data.get("entity", [])):
            start = block_lines[n] if n < len(block_lines) else 0
            where = f"{path}:{start + 1}"
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
                problems.append(f"{where}: [[entity]] without a name, ignored")
                continue
            for k in sorted(set(raw) - ENTITY_KEYS):
                problems.append(f"{path}:{line_of(k, start)}: unknown key {k!r} ignored")
            typ = raw.get("type", "")
            if typ and typ not in TYPES:
                problems.append(f"{path}:{line_of(typ, start)}: type {typ!r} is not one of {', '.join(TYPES)}; ignored")
                typ = ""
            qid = str(raw.get("wikidata", ""))
            if qid and not re.fullmatch(r"Q[1-9][0-9]*", qid):
                problems.append(f"{path}:{line_of(qid, start)}: wikidata {qid!r} is not an id like Q42; ignored")
                raw = {**raw, "wikidata": ""}
            aliases = raw.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                problems.append(f"{path}:{line_of('aliases', start)}: aliases must be a list of strings; ignored")
                aliases = []
            entities.append(
                Override(
                    raw["name"].strip(), line_of(raw["name"], start) or start + 1, str(raw.get("rename", "")).strip(), typ,
                    [a.strip() for a in aliases if a.strip()], str(raw.get("name_en", "")), str(raw.get("wikidata", "")),
                    str(raw.get("slug", "")),
                )
            )
        sup = data.get("suppress", {}).get("names", []) if isinstance(data.get("suppress", {}), dict) else []
        suppress = [(s, line_of(s, 0)) for s in sup if isinstance(s, str)]
        for k in sorted(set(data) - {"entity", "suppress"}):
            problems.append(f"{path}:{line_of(k)}: unknown table {k!r} ignored")
        ov = cls(entities, suppress, str(path), problems)
        return ov

    def apply(self, linker) -> None:
        """Pin the editors' entities and aliases in ``linker``; log conflicts."""
        from .link import fold

        claimed: dict[str, tuple[str, int]] = {}
        for o in self.entities:
            base = linker.resolve(fold(o.name)) or fold(o.name)
            cur = linker.pinned.get(base)
            name = o.rename or (cur.name if cur else o.name)
            typ = o.type or (cur.type if cur else "")
            if not typ:
                self.problems.append(f"{self.path}:{o.line}: new entity {o.name!r} has no type; assuming MISC")
                typ = "MISC"
            forms = [o.name, name, *o.aliases]
            for f in forms:
                fk = fold(f)
                if fk in claimed and claimed[fk][0] != base:
                    self.problems.append(
                        f"{self.path}:{o.line}: {f!r} is already claimed by {claimed[fk][0]!r} (line {claimed[fk][1]}); the later entry wins"
                    )
                claimed[fk] = (base, o.line)
            c = linker._pin(cur.name if cur else o.name, typ, forms, o.name_en, o.wikidata, overwrite=True, slug=o.slug)
            c.name, c.type = name, typ
            if cur is None and base != c.key:
                base = c.key
            for f in forms:
                linker.alias[fold(f)] = c.key
        for s, line in self.suppress:
            k = fold(s)
            if k in claimed:
                self.problems.append(f"{self.path}:{line}: {s!r} is suppressed but also named in line {claimed[k][1]}; suppressed")
            linker.suppressed.add(k)
            target = linker.alias.get(k)
            if target == k:
                linker.suppressed.add(target)
        self.report()

    def report(self) -> None:
        for p in self.problems:
            log.warning("entities overrides: %s", p)
