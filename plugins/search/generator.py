"""The Pelican generator that writes the search index and the search page."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from annotations.cache import checked_file, read_checked_bytes, write_checked
from annotations.registry import release, source_version
from build_report.stages import count, stage
from site_nav import add_nav_link
from write_changed.writer import write_if_changed
from pelican.generators import Generator

from . import analysis, background, documents, index, shards

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_DIR": "search",  # output folder of the index files
    "SEARCH_SAVE_AS": "search.html",  # the search page ('' for none)
    "SEARCH_TITLE_BOOST": 10,  # weight of a title match against a body match
    "SEARCH_ENTITY_BOOST": 2,  # weight of an entity-name match
    "SEARCH_SHARD_BYTES": 16000,  # target size of one term shard (raw bytes)
    "SEARCH_FACET_SHARD_DOCS": 1000,  # documents per facet-values file
    "SEARCH_NAV": True,  # add the search page to the site navigation (ARSHIF_NAV)
    "SEARCH_BACKGROUND": True,  # build the index in a process of its own while pages are written
}


def settings_of(settings) -> dict:
    """The plugin's settings, read once, with their defaults."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}


CODE_VERSION = source_version("search.analysis", "search.documents", "search.index", "search.pipeline", "search.postings",
                              "search.shards",
                              "arabic.analyzer", "arabic.stem", "arabic.clitics", "arabic.normalize",
                              "arabic.tokens")


FORMAT = "arshif-search-index 2"
STAMP_FORMAT = "arshif-search-written 1"


class IndexCache:
    """The index files of the last build, reused when no document, setting or code changed.

    Building the index takes seconds per thousand articles, and any change to any
    document changes it, so it is cached whole under one key: every file's bytes one
    after the other (``path<TAB>length<LF>bytes``), behind a checksum (a file that fails
    it is rebuilt). Files go from there to the output as bytes, never decoded.
    """

    def __init__(self, folder: Path, fingerprints: list[str], conf: dict):
        """``fingerprints``: :func:`documents.fingerprint` of every article."""
        h = hashlib.sha256(CODE_VERSION.encode())
        h.update(json.dumps(conf, sort_keys=True).encode())
        for fp in sorted(fingerprints):
            h.update(fp.encode("utf-8", "surrogatepass") + b"\x01")
        self.path = folder / f"{h.hexdigest()}.index"

    def load(self) -> Iterator[tuple[str, bytes]] | None:
        """(path, bytes) of each file, in the order they were saved, read one at a time
        as they are taken (the whole index is never held: 60 MB at 10,000 articles);
        None when missing or corrupt, which is known before the first file is given."""
        f = checked_file(self.path, FORMAT)
        records = None if f is None else _records(f)
        count("search_cache_miss" if records is None else "search_cache_hit")
        if records is None:
            if f is not None:
                f.close()
            return None
        return _files(f, records)

    def save(self, files: Iterable[tuple[str, bytes]]) -> None:
        """Cache ``files``, (path, bytes), consumed one at a time."""
        for old in self.path.parent.glob("*"):  # keep only the latest index (and no stamp)
            old.unlink()
        write_checked(self.path, FORMAT, (part for rel, data in files
                                          for part in (f"{rel}\t{len(data)}\n".encode(), data)))

    # The output folder as this index last left it: each file's path, size and time
    # stamp. When they all still are what they were, the files hold this index (nothing
    # writes them but this plugin, and only when their bytes change), so a build with
    # nothing changed neither reads the cached index nor compares its files (~20 ms per
    # 1,000 articles). Any difference, a file gone or touched, copies the index again.

    def _stamp_path(self) -> Path:
        return self.path.with_suffix(".written")

    def output_unchanged(self, target: Path) -> int | None:
        """The number of files, when ``target`` holds what :meth:`stamp` saw; else None."""
        body = read_checked_bytes(self._stamp_path(), STAMP_FORMAT)
        if body is None:
            return None
        try:
            folder, files = json.loads(bytes(body))
        except ValueError:
            return None
        if folder != str(target):
            return None
        for rel, size, mtime in files:
            try:
                st = os.stat(target / rel)
            except OSError:
                return None
            if st.st_size != size or st.st_mtime_ns != mtime:
                return None
        return len(files)

    def stamp(self, target: Path, files: list[str]) -> None:
        """Note the size and time stamp of ``files`` (paths under ``target``) as written."""
        seen = []
        for rel in files:
            st = os.stat(target / rel)
            seen.append([rel, st.st_size, st.st_mtime_ns])
        write_checked(self._stamp_path(), STAMP_FORMAT, json.dumps([str(target), seen], ensure_ascii=False))


def _records(f: BinaryIO) -> list[tuple[str, int, int]] | None:
    """(path, offset, length) of each record :meth:`IndexCache.save` wrote, from the
    position of ``f`` to its end; None if they do not add up."""
    size = os.fstat(f.fileno()).st_size
    records = []
    while header := f.readline():
        rel, _, length = header.rstrip(b"\n").decode("utf-8", "replace").partition("\t")
        if not header.endswith(b"\n") or not length.isdigit() or f.tell() + int(length) > size:
            return None
        records.append((rel, f.tell(), int(length)))
        f.seek(int(length), os.SEEK_CUR)
    return records


def _files(f: BinaryIO, records: list[tuple[str, int, int]]) -> Iterator[tuple[str, bytes]]:
    """The files of ``records``, read from ``f`` one at a time; ``f`` closed at the end."""
    with f:
        for rel, at, length in records:
            f.seek(at)
            yield rel, f.read(length)


def _take(article, name: str):
    """Annotator ``name``'s value of ``article``, removed from it; None if it has none."""
    values = getattr(article, "annotations", None)
    return values.pop(name, None) if values else None


class SearchGenerator(Generator):
    """Builds the index over the articles the article generator produced."""

    _job: background.Job | None = None
    _cache: IndexCache | None = None

    def generate_context(self):
        conf = settings_of(self.settings)
        if conf["SEARCH_NAV"] and conf["SEARCH_SAVE_AS"]:
            add_nav_link(self.context, "البحث", conf["SEARCH_SAVE_AS"])

    def start(self) -> None:
        """Start the index build beside the page writing (``all_generators_finalized``:
        the articles' title, body, date, URL, entities and sources are final).
        A cached index is just read, later, here. Either way the articles' search
        terms are not needed in this process any more."""
        cached = self.index_cache().path.exists()
        if settings_of(self.settings)["SEARCH_BACKGROUND"] and background.available() and not cached:
            self._job = background.Job(self.write_index)
        if cached or self._job is not None:
            release(self.context.get("articles", []), analysis.NAME)

    def index_cache(self) -> IndexCache:
        if self._cache is None:
            with stage("search index"):
                # The key is read off the articles without parsing their HTML: a build
                # with nothing changed never makes the search documents at all.
                self._cache = IndexCache(Path(self.settings["CACHE_PATH"]) / "search",
                                         [documents.fingerprint(a) for a in self.context.get("articles", [])],
                                         settings_of(self.settings))
        return self._cache

    def write_index(self) -> int:
        """Write the search folder; the number of files. A cached index is copied;
        otherwise each file is made, written and appended to the cache in turn, so the
        whole index is never held at once.

        In the background job the child writes them itself: the files never travel back
        to the build process, and the child's memory is freed as soon as it is done."""
        target = Path(self.output_path).resolve() / settings_of(self.settings)["SEARCH_DIR"]
        written: list[str] = []
        folders: set[Path] = set()  # made already (a thousand files share a few folders)

        def output(files: Iterable[tuple[str, bytes | memoryview]]):
            """``files`` passed on, each written first (when its bytes changed)."""
            for rel, data in files:
                path = target / rel
                if path.parent not in folders:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(path.parent)
                write_if_changed(path, data)
                written.append(rel)
                yield rel, data

        cache = self.index_cache()
        with stage("search index"):
            files = cache.output_unchanged(target)
            if files is not None:
                count("search_output_unchanged")
            else:
                cached = cache.load()
                if cached is None:
                    cache.save(output(self._built()))  # cached as they are written
                else:
                    for _ in output(cached):
                        pass
                cache.stamp(target, written)
                files = len(written)
        logger.info("search: %d documents, %d files", len(self.context.get("articles", [])), files)
        return files

    def _built(self) -> Iterator[tuple[str, bytes]]:
        """The index files of the articles, (path, bytes), made one at a time."""
        conf = settings_of(self.settings)
        articles = self.context.get("articles", [])
        docs = documents.ordered([documents.from_article(a) for a in articles])
        by_url = {str(a.url): a for a in articles}
        # Each article's search terms parsed when the index takes them, and dropped.
        values = (_take(by_url[d.url], analysis.NAME) for d in docs)
        idx = index.build(docs, conf["SEARCH_TITLE_BOOST"], conf["SEARCH_ENTITY_BOOST"], values)
        count("search_analyses_reused", idx.reused)
        for rel, text in shards.files(docs, idx, conf["SEARCH_SHARD_BYTES"], conf["SEARCH_FACET_SHARD_DOCS"]):
            yield rel, text.encode("utf-8")

    def generate_output(self, writer):
        conf = settings_of(self.settings)
        if self._job is not None:
            self._job.result()
        else:
            self.write_index()
        if conf["SEARCH_SAVE_AS"]:
            writer.write_file(
                conf["SEARCH_SAVE_AS"],
                self.get_template("search"),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                SEARCH_INDEX_DIR=conf["SEARCH_DIR"],
                page_name="search",
            )
