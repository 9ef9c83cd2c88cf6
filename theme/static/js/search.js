/*
 * search.js: the search engine shared by the search page (search-ui.js) and by Node
 * (`make search`, the relevance evaluation and the benchmark): one code path.
 *
 * The index is written by plugins/search/shards.py as script files that call
 * arshifSearchData(kind, key, payload). An Engine loads them on demand through a
 * loader (a <script> element in the browser, a file read under Node), rebuilds a
 * lunr.js Index from the term shards it has, and queries it with lunr.js, whose
 * pipeline (loaded by the labels the index names) is the Arabic one of arabic.js.
 *
 * A query is split into words; each word gives one or more terms (its readings).
 * lunr.js scores each word's terms over the fields; a document's score is the sum
 * over words. Documents matching every word come first, then those matching fewer
 * (each result says how many words it matched). Facets count over the results.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("lunr"), require("./arabic.js"));
  } else {
    root.arshifSearch = factory(root.lunr, root.arshifArabic);
  }
})(typeof self !== "undefined" ? self : this, function (lunr, arabic) {
  "use strict";

  arabic.registerLunr(lunr);

  var FACET_KINDS = ["year", "source", "type", "entity"];
  var MIN_PREFIX = 3; // letters before the word being typed is matched as a prefix
  var MAX_PREFIX_SHARDS = 4;

  function Engine(loader) {
    this.loader = loader;
    this.received = Object.create(null);
    this.loading = Object.create(null);
    this.manifest = null;
    this.invertedIndex = Object.create(null);
    this.fieldVectors = Object.create(null);
    this.termCount = 0;
    this.mergedShards = Object.create(null);
    this.index = null;
    this.receive = this.receive.bind(this);
  }

  Engine.prototype.receive = function (kind, key, payload) {
    this.received[kind + ":" + key] = payload;
  };

  // Load one data file once; resolves to its payload.
  Engine.prototype.get = function (kind, key, path) {
    var id = kind + ":" + key;
    var self = this;
    if (id in this.received) return Promise.resolve(this.received[id]);
    if (!this.loading[id]) {
      this.loading[id] = Promise.resolve(this.loader(path)).then(function () {
        if (!(id in self.received)) throw new Error("search data missing in " + path);
        return self.received[id];
      });
    }
    return this.loading[id];
  };

  Engine.prototype.ready = function () {
    var self = this;
    if (this.manifest) return Promise.resolve(this.manifest);
    return this.get("manifest", 0, "manifest.js").then(function (m) {
      self.manifest = m;
      self.pipeline = lunr.Pipeline.load(m.pipeline); // throws on an unknown label
      return m;
    });
  };

  // Index terms of a query, word by word; the last word is a prefix when asked.
  Engine.prototype.analyze = function (query, prefix) {
    var self = this;
    var toks = arabic.tokenize(query || "");
    var words = [];
    toks.forEach(function (t, i) {
      var terms = self.pipeline.runString(t.text);
      if (!terms.length) return;
      var isLast = i === toks.length - 1;
      var open = !!prefix && isLast && t.end === query.length && arabic.normalize(t.text).length >= MIN_PREFIX;
      words.push({ text: t.text, terms: terms, prefix: open });
    });
    return words;
  };

  // Shard holding a term: the last shard whose first term is <= term.
  Engine.prototype.shardOf = function (term) {
    var first = this.manifest.shards;
    var lo = 0;
    var hi = first.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (first[mid] <= term) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  // Term shards to load; a prefix spanning too many shards falls back to the exact word.
  Engine.prototype.shardsFor = function (words) {
    var self = this;
    var need = {};
    words.forEach(function (w) {
      if (w.prefix) {
        var span = 0;
        w.terms.forEach(function (term) {
          span += self.shardOf(term + "\uffff") - self.shardOf(term) + 1;
        });
        if (span > MAX_PREFIX_SHARDS) w.prefix = false;
      }
      w.terms.forEach(function (term) {
        var from = self.shardOf(term);
        var to = w.prefix ? self.shardOf(term + "\uffff") : from;
        for (var n = from; n <= to; n++) need[n] = true;
      });
    });
    return Object.keys(need).map(Number).sort(function (a, b) {
      return a - b;
    });
  };

  Engine.prototype.merge = function (records) {
    var fields = this.manifest.fields;
    for (var r = 0; r < records.length; r++) {
      var term = records[r][0];
      if (term in this.invertedIndex) continue;
      var termIndex = this.termCount++;
      var posting = { _index: termIndex };
      var perField = records[r][1];
      for (var f = 0; f < fields.length; f++) {
        var field = fields[f];
        var docs = (posting[field] = {});
        var flat = perField[f];
        var doc = 0;
        for (var i = 0; i < flat.length; i += 2) {
          doc += flat[i];
          docs[doc] = {};
          var ref = field + "/" + doc;
          var vector = this.fieldVectors[ref] || (this.fieldVectors[ref] = new lunr.Vector());
          vector.elements.push(termIndex, flat[i + 1] / 1000);
        }
      }
      this.invertedIndex[term] = posting;
    }
  };

  Engine.prototype.loadShards = function (numbers) {
    var self = this;
    var fresh = numbers.filter(function (n) {
      return !self.mergedShards[n];
    });
    if (!fresh.length && this.index) return Promise.resolve(this.index);
    return Promise.all(
      fresh.map(function (n) {
        return self.get("terms", n, "t/" + n + ".js");
      })
    ).then(function (shards) {
      shards.forEach(function (records, i) {
        if (self.mergedShards[fresh[i]]) return;
        self.merge(records);
        self.mergedShards[fresh[i]] = true;
      });
      self.index = new lunr.Index({
        invertedIndex: self.invertedIndex,
        fieldVectors: self.fieldVectors,
        tokenSet: lunr.TokenSet.fromArray(Object.keys(self.invertedIndex).sort()),
        fields: self.manifest.fields,
        pipeline: self.pipeline,
      });
      return self.index;
    });
  };

  function scoreWord(index, word) {
    return index.query(function (q) {
      word.terms.forEach(function (term) {
        q.term(term, { usePipeline: false, boost: word.prefix ? 4 : 1 });
        if (word.prefix) {
          q.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        }
      });
    });
  }

  function byRank(a, b) {
    return b.matched - a.matched || b.score - a.score || a.id - b.id;
  }

  // Rank documents for the words; every document when there are no words.
  Engine.prototype.rank = function (words) {
    var self = this;
    if (!this.manifest.shards.length) return Promise.resolve([]); // an archive with no articles
    if (!words.length) {
      var all = [];
      for (var i = 0; i < this.manifest.docs; i++) all.push({ id: i, score: 0, matched: 0 });
      return Promise.resolve(all);
    }
    return this.loadShards(this.shardsFor(words)).then(function (index) {
      return rankWith(index, words);
    });
  };

  // Rank with any lunr.Index (the engine's merged shards, or a whole index in tests).
  function rankWith(index, words) {
    var hits = Object.create(null);
    words.forEach(function (w) {
      scoreWord(index, w).forEach(function (r) {
        var h = hits[r.ref] || (hits[r.ref] = { id: Number(r.ref), score: 0, matched: 0 });
        h.score += r.score;
        h.matched += 1;
      });
    });
    return Object.keys(hits)
      .map(function (k) {
        return hits[k];
      })
      .sort(byRank);
  }

  // Facet dictionary and the facet values of the given documents.
  Engine.prototype.facetData = function (ids) {
    var self = this;
    var size = this.manifest.facetShardDocs;
    var shardNos = {};
    ids.forEach(function (id) {
      shardNos[Math.floor(id / size)] = true;
    });
    var nos = Object.keys(shardNos).map(Number);
    return Promise.all(
      [this.get("facets", 0, "facets.js")].concat(
        nos.map(function (n) {
          return self.get("facetdocs", n, "f/" + n + ".js");
        })
      )
    ).then(function (got) {
      var values = got[0];
      var perDoc = function (id) {
        return self.received["facetdocs:" + Math.floor(id / size)][id % size] || [];
      };
      return { values: values, perDoc: perDoc };
    });
  };

  // The keys a document has for a facet kind ('type' comes from its entities).
  function docKeys(values, valueNos, kind) {
    var out = [];
    valueNos.forEach(function (n) {
      var v = values[n];
      var key = kind === "type" ? (v[0] === "entity" ? v[4] : null) : v[0] === kind ? v[1] : null;
      if (key && out.indexOf(key) < 0) out.push(key);
    });
    return out;
  }

  function activeFilters(filters) {
    var out = {};
    FACET_KINDS.forEach(function (k) {
      if (filters && filters[k] && filters[k].length) out[k] = filters[k];
    });
    return out;
  }

  /*
   * search(query, {prefix, filters}) -> Promise {words, results}
   * results: [{id, score, matched}], best first (most words matched, then score),
   * narrowed by the filters
   * ({year: [...], source: [...], type: [...], entity: [...]}: any value within a
   * kind, every kind). Facet data is loaded only when filters are given.
   */
  Engine.prototype.search = function (query, options) {
    var self = this;
    options = options || {};
    var filters = activeFilters(options.filters);
    var filtering = Object.keys(filters).length > 0;
    return this.ready().then(function () {
      var words = self.analyze(query, options.prefix);
      if (!words.length && !filtering) return { words: words, results: [] };
      return self.rank(words).then(function (ranked) {
        if (!filtering) return { words: words, results: ranked };
        return self.facetData(ids(ranked)).then(function (fd) {
          var kept = ranked.filter(function (r) {
            var nos = fd.perDoc(r.id);
            return Object.keys(filters).every(function (kind) {
              var have = docKeys(fd.values, nos, kind);
              return filters[kind].some(function (k) {
                return have.indexOf(k) >= 0;
              });
            });
          });
          return { words: words, results: kept };
        });
      });
    });
  };

  // facets(results, filters) -> Promise {kind: [{key, label, url, count}]}
  Engine.prototype.facets = function (results, filters) {
    var active = activeFilters(filters);
    return this.facetData(ids(results)).then(function (fd) {
      return countFacets(fd, results, active);
    });
  };

  function ids(results) {
    return results.map(function (r) {
      return r.id;
    });
  }

  function countFacets(fd, results, filters) {
    var counts = {};
    var labels = {};
    FACET_KINDS.forEach(function (k) {
      counts[k] = {};
      labels[k] = {};
    });
    fd.values.forEach(function (v) {
      var kind = v[0];
      labels[kind][v[1]] = { label: v[2], url: v[3] };
      if (kind === "entity" && v[4]) labels.type[v[4]] = { label: v[4], url: "" };
    });
    results.forEach(function (r) {
      var nos = fd.perDoc(r.id);
      FACET_KINDS.forEach(function (kind) {
        docKeys(fd.values, nos, kind).forEach(function (key) {
          counts[kind][key] = (counts[kind][key] || 0) + 1;
        });
      });
    });
    var out = {};
    FACET_KINDS.forEach(function (kind) {
      var keys = Object.keys(counts[kind]);
      (filters[kind] || []).forEach(function (k) {
        if (keys.indexOf(k) < 0 && labels[kind][k]) keys.push(k);
      });
      out[kind] = keys
        .map(function (key) {
          var l = labels[kind][key] || { label: key, url: "" };
          return { key: key, label: l.label, url: l.url, count: counts[kind][key] || 0 };
        })
        .sort(function (a, b) {
          if (kind === "year") return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
          return b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
        });
    });
    return out;
  }

  Engine.prototype.doc = function (id) {
    return this.get("doc", id, "d/" + id + ".js");
  };

  // Which words of a text the query matched: a predicate over raw words.
  function matcher(words) {
    var exact = {};
    var prefixes = [];
    words.forEach(function (w) {
      w.terms.forEach(function (t) {
        exact[t] = true;
        if (w.prefix) prefixes.push(t);
      });
    });
    return function (raw) {
      var terms = arabic.analyzeWord(raw);
      for (var i = 0; i < terms.length; i++) {
        if (exact[terms[i]] === true) return true;
        for (var p = 0; p < prefixes.length; p++) {
          if (terms[i].indexOf(prefixes[p]) === 0) return true;
        }
      }
      return false;
    };
  }

  // Split text into [{text, hit}] segments, hits being the matched words.
  function segments(text, isHit, from, to) {
    var out = [];
    var pos = from;
    arabic.tokenize(text.slice(from, to)).forEach(function (t) {
      if (!isHit(t.text)) return;
      var s = from + t.start;
      var e = from + t.end;
      if (s > pos) out.push({ text: text.slice(pos, s), hit: false });
      out.push({ text: text.slice(s, e), hit: true });
      pos = e;
    });
    if (pos < to) out.push({ text: text.slice(pos, to), hit: false });
    return out;
  }

  function highlight(text, words) {
    return segments(text, matcher(words), 0, text.length);
  }

  // A window of about `size` words around the densest run of matches.
  function snippet(text, words, size) {
    size = size || 30;
    var isHit = matcher(words);
    var toks = arabic.tokenize(text);
    if (!toks.length) return [];
    var best = 0;
    var bestCount = -1;
    var hitsAt = toks.map(function (t) {
      return isHit(t.text) ? 1 : 0;
    });
    var count = 0;
    for (var i = 0; i < toks.length; i++) {
      count += hitsAt[i];
      if (i >= size) count -= hitsAt[i - size];
      var start = Math.max(0, i - size + 1);
      if (count > bestCount) {
        bestCount = count;
        best = start;
      }
    }
    var first = Math.max(0, best - 3);
    var last = Math.min(toks.length - 1, first + size - 1);
    var from = toks[first].start;
    var to = toks[last].end;
    var segs = segments(text, isHit, from, to);
    if (first > 0) segs.unshift({ text: "… ", hit: false });
    if (last < toks.length - 1) segs.push({ text: " …", hit: false });
    return segs;
  }

  return {
    Engine: Engine,
    rankWith: rankWith,
    highlight: highlight,
    snippet: snippet,
    FACET_KINDS: FACET_KINDS,
  };
});
