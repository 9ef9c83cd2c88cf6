/*
 * arabic.js: the browser twin of plugins/arabic (normalize.py, tokens.py, stem.py,
 * analyzer.py). Same tables, same rules, same output: tests/search/vectors.json is
 * checked against both sides, and tests/search/test_parity.py compares the tables.
 * Change both together.
 *
 * Loads as a plain <script> (window.arshifArabic) and under Node (require/import).
 * With lunr present, registerLunr(lunr) registers the pipeline functions under the
 * labels the index built by lunr.py names.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.arshifArabic = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function range(a, b) {
    var out = "";
    for (var c = a; c < b; c++) out += String.fromCharCode(c);
    return out;
  }

  // normalize.py
  var DIACRITICS = range(0x064b, 0x0660) + "\u0670";
  for (var q = 0x06d6; q < 0x06ee; q++) {
    if (q !== 0x06e5 && q !== 0x06e6) DIACRITICS += String.fromCharCode(q);
  }
  var TATWEEL = "\u0640";
  var INVISIBLE =
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad";
  var FOLD = {
    "\u0622": "\u0627",
    "\u0623": "\u0627",
    "\u0625": "\u0627",
    "\u0671": "\u0627",
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0649": "\u064a",
    "\u06cc": "\u064a",
    "\u06a9": "\u0643",
    "\u0629": "\u0647",
    "\u0624": "\u0648",
    "\u0626": "\u064a",
  };
  for (var d = 0; d < 10; d++) {
    FOLD[String.fromCharCode(0x0660 + d)] = String(d);
    FOLD[String.fromCharCode(0x06f0 + d)] = String(d);
  }
  var TABLE = {};
  (DIACRITICS + TATWEEL + INVISIBLE).split("").forEach(function (c) {
    TABLE[c] = "";
  });
  Object.keys(FOLD).forEach(function (k) {
    TABLE[k] = FOLD[k];
  });

  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var m = TABLE[c];
      out += m === undefined ? c : m;
    }
    return out.toLowerCase();
  }

  // tokens.py
  var WORD_CHARS =
    "0-9A-Za-z" +
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f" +
    "\u0610-\u061a" +
    "\u0620-\u065f" +
    "\u0660-\u0669" +
    "\u066e-\u06d3\u06d5-\u06dc\u06df-\u06e8\u06ea-\u06ef" +
    "\u06f0-\u06fc" +
    "\u0750-\u077f\u08a0-\u08ff" +
    "\ufb50-\ufdfb\ufe70-\ufefc" +
    "\u200c\u200d";

  function tokenize(text) {
    var re = new RegExp("[" + WORD_CHARS + "]+", "g");
    var out = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  // stem.py
  var ARTICLES = ["وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال"];
  var CONJUNCTIONS = "وف";
  var PREPOSITIONS = "بكل";
  var PRONOUNS = [
    ["هما", 3],
    ["كما", 3],
    ["ها", 3],
    ["هم", 3],
    ["كم", 3],
  ];
  var ENDINGS = [
    ["يين", 3],
    ["يون", 3],
    ["يات", 3],
    ["يه", 3],
    ["يا", 3],
    ["ات", 3],
    ["وا", 3],
    ["ي", 3],
    ["ه", 3],
    ["ا", 3],
  ];
  var AMBIGUOUS_ENDINGS = [
    ["ين", 3],
    ["ون", 3],
    ["ان", 3],
  ];
  var VARIANTS = {
    "اميرك": "امريك",
    "بنتاج": "بنتاغ",
    "جوجل": "غوغل",
    "قوقل": "غوغل",
  };
  var STOPWORDS = {};
  (
    "في من الي علي عن ان انه انها الذي التي الذين اللذين اللتين اللواتي هذا هذه ذلك تلك " +
    "هو هي هم هما نحن انا انت انتم هولاء اوليك كان كانت يكون تكون قد لقد لا ما لم لن " +
    "مع بين او ام ثم كل بعد قبل حتي عند اذا اذ اي الا غير لدي منذ حيث كما لكن بل " +
    "اما لان كي عليه عليها فيه فيها منه منها عنه عنها اليه اليها به بها له لها " +
    "لهم بهم منهم عليهم فيهم ايضا هناك هنا تم وقد وفي ومن وعلي وان وهو وهي ولا وما يا"
  )
    .split(" ")
    .forEach(function (w) {
      STOPWORDS[w] = true;
    });
  var NOT_ARTICLE = { "الله": true, "اللهم": true };
  var COMPOUND_HEAD = "عبد";
  var MIN_ARTICLE_REST = 2;
  var MIN_PROCLITIC_REST = 3;

  function endsWith(word, suffix) {
    return word.length >= suffix.length && word.slice(word.length - suffix.length) === suffix;
  }

  function stripOne(word, suffixes) {
    for (var i = 0; i < suffixes.length; i++) {
      var suffix = suffixes[i][0];
      if (endsWith(word, suffix) && word.length - suffix.length >= suffixes[i][1]) {
        return word.slice(0, word.length - suffix.length);
      }
    }
    return word;
  }

  function variant(s) {
    return Object.prototype.hasOwnProperty.call(VARIANTS, s) ? VARIANTS[s] : s;
  }

  function suffixReadings(word) {
    var base = stripOne(word, PRONOUNS);
    if (base !== word && endsWith(base, "ت") && !endsWith(base, "ات") && base.length > 3) {
      base = base.slice(0, -1);
    }
    var stem = stripOne(base, ENDINGS);
    var out = [stem];
    if (stem === base) {
      var shorter = stripOne(base, AMBIGUOUS_ENDINGS);
      if (shorter !== base) out.push(shorter);
    }
    return out.map(variant);
  }

  function stripArticle(word) {
    if (NOT_ARTICLE[word] === true) return null;
    for (var i = 0; i < ARTICLES.length; i++) {
      var a = ARTICLES[i];
      if (word.indexOf(a) === 0 && word.length - a.length >= MIN_ARTICLE_REST) {
        return word.slice(a.length);
      }
    }
    return null;
  }

  function compound(word) {
    if (word.indexOf(COMPOUND_HEAD) === 0 && word.slice(COMPOUND_HEAD.length).indexOf("ال") === 0) {
      var rest = word.slice(COMPOUND_HEAD.length);
      if (rest.length >= 4) return [COMPOUND_HEAD, rest];
    }
    return [];
  }

  function readings(word) {
    var base = procliticReadings(word);
    var all = base.slice();
    base.forEach(function (reading) {
      compound(reading).forEach(function (part) {
        procliticReadings(part).forEach(function (r) {
          all.push(r);
        });
      });
    });
    return all;
  }

  function procliticReadings(word) {
    var bare = stripArticle(word);
    if (bare !== null) return [bare];
    var out = [word];
    if (CONJUNCTIONS.indexOf(word.charAt(0)) >= 0 && word.length - 1 >= MIN_PROCLITIC_REST) {
      out.push(word.slice(1));
    }
    var n = out.length;
    for (var i = 0; i < n; i++) {
      var r = out[i];
      if (PREPOSITIONS.indexOf(r.charAt(0)) >= 0 && r.length - 1 >= MIN_PROCLITIC_REST) {
        out.push(r.slice(1));
      }
    }
    return out;
  }

  function isArabic(word) {
    for (var i = 0; i < word.length; i++) {
      var c = word.charCodeAt(i);
      if (c >= 0x0620 && c <= 0x06ff) return true;
    }
    return false;
  }

  function isStopword(word) {
    return STOPWORDS[word] === true;
  }

  function stems(word) {
    if (!word) return [];
    if (!isArabic(word)) return [word];
    if (isStopword(word) || word.length < 2) return [];
    var out = [];
    readings(word).forEach(function (r) {
      if (isStopword(r)) return;
      suffixReadings(r).forEach(function (s) {
        if (out.indexOf(s) < 0) out.push(s);
      });
    });
    return out;
  }

  // analyzer.py
  function normalizeWord(word) {
    var folded = normalize(word);
    return folded ? [folded] : [];
  }

  var PIPELINE = [
    ["arabic-normalize", normalizeWord],
    ["arabic-stem", stems],
  ];

  function analyzeWord(word) {
    var words = [word];
    PIPELINE.forEach(function (step) {
      var next = [];
      words.forEach(function (w) {
        step[1](w).forEach(function (o) {
          next.push(o);
        });
      });
      words = next;
    });
    return words;
  }

  function analyze(text) {
    var out = [];
    tokenize(text).forEach(function (t) {
      analyzeWord(t.text).forEach(function (term) {
        out.push(term);
      });
    });
    return out;
  }

  // lunr pipeline functions: a token in, a list of tokens out (lunr concatenates).
  function registerLunr(lunr) {
    PIPELINE.forEach(function (step) {
      var label = step[0];
      if (lunr.Pipeline.registeredFunctions[label]) return;
      var fn = function (token) {
        return step[1](token.toString()).map(function (s) {
          return token.clone(function () {
            return s;
          });
        });
      };
      lunr.Pipeline.registerFunction(fn, label);
    });
  }

  return {
    normalize: normalize,
    tokenize: tokenize,
    stems: stems,
    analyzeWord: analyzeWord,
    analyze: analyze,
    isStopword: isStopword,
    registerLunr: registerLunr,
    labels: PIPELINE.map(function (s) {
      return s[0];
    }),
    // For the parity test: the tables must equal the Python ones.
    _tables: {
      DIACRITICS: DIACRITICS,
      TATWEEL: TATWEEL,
      INVISIBLE: INVISIBLE,
      FOLD: FOLD,
      WORD_CHARS: WORD_CHARS,
      ARTICLES: ARTICLES,
      CONJUNCTIONS: CONJUNCTIONS,
      PREPOSITIONS: PREPOSITIONS,
      PRONOUNS: PRONOUNS,
      ENDINGS: ENDINGS,
      AMBIGUOUS_ENDINGS: AMBIGUOUS_ENDINGS,
      VARIANTS: VARIANTS,
      STOPWORDS: Object.keys(STOPWORDS).sort(),
      NOT_ARTICLE: Object.keys(NOT_ARTICLE).sort(),
      COMPOUND_HEAD: COMPOUND_HEAD,
      MIN_ARTICLE_REST: MIN_ARTICLE_REST,
      MIN_PROCLITIC_REST: MIN_PROCLITIC_REST,
    },
  };
});
