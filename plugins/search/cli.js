#!/usr/bin/env node
/*
 * Query a built search index under Node with the browser's own search code.
 *
 *   node plugins/search/cli.js [--dir output] [--limit 10] [--json] "query"
 *   node plugins/search/cli.js [--dir output] --batch queries.json   (JSON out)
 *
 * Prints the top result URLs, one a line. --batch reads a JSON list of queries and
 * prints [{query, urls, ms}] (used by `make eval-search` and the benchmark).
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { Engine } = require("../../theme/static/js/search.js");

function nodeEngine(dir) {
  const searchDir = fs.existsSync(path.join(dir, "search", "manifest.js")) ? path.join(dir, "search") : dir;
  const engine = new Engine((file) => {
    const code = fs.readFileSync(path.join(searchDir, file), "utf8");
    new Function("arshifSearchData", code)(engine.receive);
  });
  return engine;
}

async function topUrls(engine, query, limit) {
  const { results } = await engine.search(query);
  const docs = await Promise.all(results.slice(0, limit).map((r) => engine.doc(r.id)));
  return docs.map((d) => d.url);
}

async function main(argv) {
  const opts = { dir: "output", limit: 10, json: false, batch: null };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--dir") opts.dir = argv[++i];
    else if (a === "--limit") opts.limit = Number(argv[++i]);
    else if (a === "--json") opts.json = true;
    else if (a === "--batch") opts.batch = argv[++i];
    else rest.push(a);
  }
  const engine = nodeEngine(opts.dir);
  if (opts.batch) {
    const queries = JSON.parse(fs.readFileSync(opts.batch, "utf8"));
    const out = [];
    for (const query of queries) {
      const fresh = nodeEngine(opts.dir); // cold: nothing cached between queries
      const t0 = process.hrtime.bigint();
      const urls = await topUrls(fresh, query, opts.limit);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const t1 = process.hrtime.bigint();
      await topUrls(fresh, query, opts.limit);
      const warm = Number(process.hrtime.bigint() - t1) / 1e6;
      out.push({ query, urls, ms, warm_ms: warm });
    }
    process.stdout.write(JSON.stringify(out) + "\n");
    return;
  }
  const urls = await topUrls(engine, rest.join(" "), opts.limit);
  process.stdout.write(opts.json ? JSON.stringify(urls) + "\n" : urls.map((u) => u + "\n").join(""));
}

module.exports = { nodeEngine, topUrls };

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
    process.exit(1);
  });
}
