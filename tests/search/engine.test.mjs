// The search engine (theme/static/js/search.js) on a small index built by the
// Python writer (tests/search/build_fixture.py): results, sharding, facets, filters,
// snippets, escaping.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const lunr = require("lunr");
const search = require("../../theme/static/js/search.js");
const { nodeEngine, topUrls } = require("../../plugins/search/cli.js");

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
let dir;
let urls;

function python() {
  if (process.env.PYTHON) return process.env.PYTHON;
  const venv = path.join(root, ".venv/bin/python");
  return existsSync(venv) ? venv : "python3";
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "arshif-search-"));
  execFileSync(python(), [path.join(here, "build_fixture.py"), dir], { stdio: "inherit" });
  urls = JSON.parse(readFileSync(path.join(dir, "docs.json"), "utf8"));
});

after(() => rmSync(dir, { recursive: true, force: true }));

const idOf = (url) => urls.indexOf(url);
async function ids(query, options) {
  const { results } = await nodeEngine(dir).search(query, options);
  return results.map((r) => urls[r.id]);
}

test("the fixture spreads its terms over several shards", () => {
  assert.ok(readdirSync(path.join(dir, "search/t")).length >= 5);
});

test("clitic and spelling variants find the same articles", async () => {
  for (const q of ["سوريا", "بسوريا", "السورية", "سورية"]) {
    const got = await ids(q);
    assert.ok(got.includes("articles/washington-moscow.html"), q);
    assert.ok(got.includes("articles/fighters.html"), q);
  }
  for (const q of ["الأمريكي", "الاميركي", "أمريكا"]) {
    const got = await ids(q);
    assert.ok(got.includes("articles/fighters.html") && got.includes("articles/nuclear.html"), q);
  }
  assert.deepEqual((await ids("والمحادثات")).sort(), (await ids("محادثات")).sort());
  assert.ok((await ids("ايران")).includes("articles/nuclear.html"));
});

test("documents with every word rank before documents with some", async () => {
  const { results } = await nodeEngine(dir).search("المقاتلات سوريا");
  assert.equal(urls[results[0].id], "articles/fighters.html");
  assert.equal(results[0].matched, 2);
  assert.ok(results.slice(1).every((r) => r.matched <= 2));
  assert.ok(results.some((r) => r.matched === 1));
});

test("a title match outranks a body match", async () => {
  const got = await ids("الكونجرس");
  assert.equal(got[0], "articles/nuclear.html");
  const jordan = await ids("الأردن");
  assert.equal(jordan[0], "articles/jordan.html");
});

test("stop words alone find nothing; unknown words find nothing", async () => {
  assert.deepEqual(await ids("في من على"), []);
  assert.deepEqual(await ids("زقزقة"), []);
});

test("the last word is a prefix while typing", async () => {
  assert.deepEqual(await ids("موس"), []);
  assert.ok((await ids("موس", { prefix: true })).includes("articles/washington-moscow.html"));
  assert.ok((await ids("الكونج", { prefix: true })).includes("articles/nuclear.html"));
});

test("the sharded engine scores exactly like lunr.js on the whole index", async () => {
  const full = lunr.Index.load(JSON.parse(readFileSync(path.join(dir, "full-index.json"), "utf8")));
  for (const q of ["سوريا", "المحادثات مع روسيا", "الأمريكي", "الأمم المتحدة", "الكونجرس إيران", "تكامل"]) {
    const engine = nodeEngine(dir);
    const { words, results } = await engine.search(q);
    const whole = search.rankWith(full, words);
    assert.deepEqual(
      results.map((r) => [r.id, r.matched, r.score.toFixed(9)]),
      whole.map((r) => [r.id, r.matched, r.score.toFixed(9)]),
      q
    );
  }
});

test("a query loads only the term shards it needs", async () => {
  const engine = nodeEngine(dir);
  const loaded = [];
  const inner = engine.loader;
  engine.loader = (file) => {
    loaded.push(file);
    return inner(file);
  };
  await engine.search("الكونجرس");
  const shards = loaded.filter((f) => f.startsWith("t/"));
  assert.equal(shards.length, 1);
  assert.ok(!loaded.some((f) => f.startsWith("d/") || f.startsWith("f")), loaded.join());
});

test("facets count over the results and filters narrow them", async () => {
  const engine = nodeEngine(dir);
  const { results } = await engine.search("المحادثات");
  const facets = await engine.facets(results, {});
  const count = (kind, key) => (facets[kind].find((v) => v.key === key) || { count: 0 }).count;
  assert.equal(results.length, 3);
  assert.equal(count("year", "2015"), 3);
  assert.equal(count("type", "LOC"), 1);
  assert.equal(count("entity", "موسكو"), 1);
  assert.equal(count("source", "reuters"), 1);
  assert.equal(facets.entity.find((v) => v.key === "جون-كيري").label, "جون كيري");

  const only = await ids("المحادثات", { filters: { source: ["reuters"] } });
  assert.deepEqual(only, ["articles/washington-moscow.html"]);
  const persons = await ids("", { filters: { type: ["PERS"] } });
  assert.deepEqual(persons, ["articles/washington-moscow.html"]);
  const year = await ids("", { filters: { year: ["2014"] } });
  assert.deepEqual(year, ["articles/nuclear.html"]);
  // Two values of one kind: either; two kinds: both.
  const either = await ids("", { filters: { source: ["reuters", "afp"] } });
  assert.deepEqual(either.sort(), ["articles/nuclear.html", "articles/washington-moscow.html"]);
  assert.deepEqual(await ids("", { filters: { source: ["reuters", "afp"], year: ["2014"] } }), ["articles/nuclear.html"]);
});

test("snippets and highlights keep the text and mark the matched words", async () => {
  const engine = nodeEngine(dir);
  const { words } = await engine.search("بسوريا المحادثات");
  const doc = await engine.doc(idOf("articles/washington-moscow.html"));
  const segs = search.highlight(doc.text, words);
  assert.equal(segs.map((s) => s.text).join(""), doc.text);
  const hits = segs.filter((s) => s.hit).map((s) => s.text);
  assert.deepEqual(hits, ["المحادثات", "سوريا", "محادثات"]);
  const snip = search.snippet(doc.text, words, 8);
  assert.ok(snip.some((s) => s.hit));
  assert.ok(snip.map((s) => s.text).join("").length < doc.text.length);
});

test("content that looks like markup survives as text, and files are script-safe", async () => {
  const engine = nodeEngine(dir);
  const id = idOf("articles/escape.html");
  const doc = await engine.doc(id);
  assert.equal(doc.title, "عنوان فيه </script><script>alert(1)</script> و&lt;b&gt;");
  assert.ok(doc.text.includes("\u2028") && doc.text.includes("<b>"));
  const raw = readFileSync(path.join(dir, "search/d", id + ".js"), "utf8");
  assert.ok(!raw.includes("</script") && !raw.includes("<"), raw);
  assert.ok(!raw.includes("\u2028") && !raw.includes("\u2029"));
});

test("the CLI gives the top URLs, at most the limit", async () => {
  const got = await topUrls(nodeEngine(dir), "سوريا", 1);
  assert.deepEqual(got, (await ids("سوريا")).slice(0, 1));
  const out = execFileSync("node", [path.join(root, "plugins/search/cli.js"), "--dir", dir, "سوريا"], {
    encoding: "utf8",
  });
  assert.deepEqual(out.trim().split("\n").sort(), ["articles/fighters.html", "articles/washington-moscow.html"]);
});

test("an index naming an unregistered pipeline function is refused", async () => {
  const engine = new search.Engine(() => {
    engine.receive("manifest", 0, { pipeline: ["arabic-normalize", "stemmer-xx"], fields: [], shards: [] });
  });
  await assert.rejects(engine.search("سوريا"), /unregistered/);
});

test("a prefix spanning many shards falls back to the exact word", () => {
  const engine = new search.Engine(() => {});
  engine.manifest = { shards: ["a", "ba", "bb", "bc", "bd", "be", "bf", "c"] };
  const wide = [{ terms: ["b"], prefix: true }];
  assert.deepEqual(engine.shardsFor(wide), [0]);
  assert.equal(wide[0].prefix, false);
  const narrow = [{ terms: ["bc"], prefix: true }];
  assert.deepEqual(engine.shardsFor(narrow), [3]);
  assert.equal(narrow[0].prefix, true);
  assert.deepEqual(engine.shardsFor([{ terms: ["bb", "bd"], prefix: false }]), [2, 4]);
});

test("an empty archive answers with no results", async () => {
  const files = {
    "manifest.js": ["manifest", { pipeline: ["arabic-normalize", "arabic-stem"], fields: [], shards: [], docs: 0, facetShardDocs: 1000 }],
    "facets.js": ["facets", []],
  };
  const engine = new search.Engine((file) => engine.receive(files[file][0], 0, files[file][1]));
  assert.deepEqual((await engine.search("سوريا")).results, []);
  assert.deepEqual((await engine.search("", { filters: { year: ["2015"] } })).results, []);
});
