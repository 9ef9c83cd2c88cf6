"""Pelican reader for raw agency text (`seeds/*.txt`).

Format: first non-empty line the title, then one paragraph a line, last line the
desk signature `ص.ش/ع.ج.م (رويترز)`. Optional `Key: value` lines may open the
file (ended by a blank line) or sit in a sidecar `<name>.meta`; they win over what
is inferred. The date comes from metadata, else the file name, else the text
(marked `date_inferred`); when none works the article is left without a date,
which Pelican reports and skips: never the file's mtime or today's date.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from pelican.readers import BaseReader
from pelican.utils import slugify

from .dates import date_from_filename, infer_date
from .signature import AGENCIES, parse_signature

logger = logging.getLogger(__name__)

_HEADER_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_]*)\s*:\s*(?P<value>.*)$")
#: Longest slug kept, in characters (Arabic letters are 2 bytes in UTF-8 file names).
SLUG_MAX = 80


class SeedFormatError(ValueError):
    """A seed file that cannot become an article; the message names file and line."""


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text with BOM removed and line ends unified, or an error naming the line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SeedFormatError(f"{path}:{line}: not valid UTF-8 (byte {err.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _header(lines: list[str]) -> tuple[dict[str, str], int]:
    """Leading `Key: value` lines (ended by a blank line) and the index after them."""
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            return (meta, i + 1) if meta else ({}, 0)
        m = _HEADER_RE.match(line)
        if not m:
            return {}, 0
        meta[m.group("key").lower()] = m.group("value").strip()
    return {}, 0


def sidecar_of(path: Path) -> Path:
    """The ``.meta`` file beside a seed, whose headers it may carry."""
    return path.with_suffix(".meta")


def _sidecar(path: Path) -> dict[str, str]:
    side = sidecar_of(path)
    if not side.exists():
        return {}
    meta = {}
    for n, line in enumerate(decode(side.read_bytes(), str(side)).split("\n"), 1):
        if not line.strip():
            continue
        m = _HEADER_RE.match(line)
        if not m:
            raise SeedFormatError(f"{side}:{n}: expected 'Key: value'")
        meta[m.group("key").lower()] = m.group("value").strip()
    return meta


def slug_for(title: str, settings: dict) -> str:
    """An Arabic slug from the title, cut at a word boundary to stay file-system safe."""
    slug = slugify(
        title,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=False,
        use_unicode=True,
    )
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug


def parse_seed(text: str, path: str) -> dict:
    """Split a decoded seed into header, title, paragraphs and signature.

    Returns a dict with keys header, title, title_line, paragraphs, signature,
    signature_line, warnings (list of "path:line: message").
    """
    lines = text.split("\n")
    header, start = _header(lines)
    numbered = [(i + 1, ln.strip()) for i, ln in enumerate(lines) if i >= start and ln.strip()]
    if not numbered:
        raise SeedFormatError(f"{path}:1: empty file: no title and no text")
    (title_line, title), rest = numbered[0], numbered[1:]
    warnings = []
    signature = sig_line = None
    if rest and parse_signature(rest[-1][1]):
        sig_line, sig_text = rest[-1]
        signature, rest = sig_text, rest[:-1]
    else:
        warnings.append(f"{path}:{len(lines)}: no desk signature on the last line")
    if not rest:
        raise SeedFormatError(f"{path}:{title_line}: title only, the article has no body")
    return {
        "header": header,
        "title": title,
        "title_line": title_line,
        "paragraphs": [p for _, p in rest],
        "signature": signature,
        "signature_line": sig_line,
        "warnings": warnings,
    }


class SeedReader(BaseReader):
    """Reads `*.txt` raw agency articles into Pelican articles."""

    enabled = True
    file_extensions = ["txt"]

    @staticmethod
    def inputs(source_path) -> list[str]:
        """The files :meth:`read` reads for ``source_path`` (for kept_reads' key)."""
        return [str(source_path), str(sidecar_of(Path(source_path)))]

    def read(self, source_path):
        path = Path(source_path)
        seed = parse_seed(decode(path.read_bytes(), source_path), source_path)
        given = {**_sidecar(path), **seed["header"]}
        metadata = {}
        for key, value in given.items():
            metadata[key] = self.process_metadata(key, value)
        metadata.setdefault("title", self.process_metadata("title", seed["title"]))
        metadata.setdefault("slug", slug_for(seed["title"], self.settings))
        warnings = list(seed["warnings"])

        sig = parse_signature(seed["signature"]) if seed["signature"] else None
        if sig:
            metadata["signature"] = seed["signature"]
            metadata["editors"] = sig.editors
            metadata["agencies"] = sig.agencies
            metadata["agency_names"] = [AGENCIES[c].name for c in sig.agencies] + sig.unknown
            for name in sig.unknown:
                warnings.append(f"{source_path}:{seed['signature_line']}: unknown agency {name!r}")

        metadata["date_inferred"] = False
        if "date" in metadata:
            metadata["date_source"] = "metadata"
        else:
            found, source = date_from_filename(path.name), "filename"
            if found is None:
                body = "\n".join([seed["title"], *seed["paragraphs"]])
                found, source = infer_date(body), "text"
            if found is not None:
                metadata["date"] = self.process_metadata("date", found.isoformat())
                metadata["date_source"] = source
                metadata["date_inferred"] = source == "text"
            else:
                warnings.append(
                    f"{source_path}:1: no date: none in metadata, file name or text "
                    "(add 'Date: YYYY-MM-DD' at the top or in a .meta sidecar)"
                )
        for w in warnings:
            logger.warning("%s", w)

        content = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in seed["paragraphs"])
        return content, metadata
