// The JavaScript pipeline against the shared vectors (tests/search/vectors.json):
// arabic.js directly, and through lunr.js's own Pipeline with the registered labels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const arabic = require("../../theme/static/js/arabic.js");
const lunr = require("lunr");
const vectors = JSON.parse(readFileSync(new URL("./vectors.json", import.meta.url), "utf8"));

arabic.registerLunr(lunr);

test("there are vectors to check", () => {
  assert.ok(vectors.hand.length >= 30, "hand vectors");
  assert.ok(vectors.corpus.length >= 300, "corpus vectors");
});

test("arabic.js analyze gives the expected tokens for every vector", () => {
  for (const v of [...vectors.hand, ...vectors.corpus]) {
    assert.deepEqual(arabic.analyze(v.text), v.tokens, v.text);
  }
});

test("lunr.js Pipeline.load with the index labels gives the same tokens", () => {
  const pipeline = lunr.Pipeline.load(["arabic-normalize", "arabic-stem"]);
  for (const v of [...vectors.hand, ...vectors.corpus]) {
    const got = arabic.tokenize(v.text).flatMap((t) => pipeline.runString(t.text));
    assert.deepEqual(got, v.tokens, v.text);
  }
});

test("variant groups share a term with their first word", () => {
  for (const group of vectors.groups) {
    const first = new Set(arabic.analyze(group[0]));
    for (const word of group.slice(1)) {
      const shared = arabic.analyze(word).some((t) => first.has(t));
      assert.ok(shared, `${word} ~ ${group[0]}`);
    }
  }
});

test("distinct words stay apart", () => {
  for (const [a, b] of vectors.distinct) {
    const left = new Set(arabic.analyze(a));
    assert.ok(!arabic.analyze(b).some((t) => left.has(t)), `${a} / ${b}`);
  }
});

test("an unknown pipeline label is refused by lunr.js", () => {
  assert.throws(() => lunr.Pipeline.load(["arabic-normalize", "no-such-function"]));
});
