/* jenjang search box (default theme). Dependency-free, ES2017 syntax, no inline code or styles.
 *
 * The form in the header (templates/search.html) is `hidden` without scripts; jenjang.js
 * reveals it and adds this script when the reader first focuses or touches the box (so pages
 * stay light); this script then takes over the box, and whatever was typed meanwhile. The index of the page's language (`search-index.js`, format in
 * src/render/search.rs and docs/templates.md) is loaded with a <script> element on first use,
 * so that it works from file:// too. It comes in one of two forms:
 *
 * - one file, `window.jenjangSearch = {version: 2, lang, docs: [entry, …]}`: every query scans
 *   every entry;
 * - split (large sites): `search-index.js` is a manifest `{version: 2, lang, entries, chunks,
 *   terms}`, and the files under `search/` next to it call `jenjangSearch.addTerms(key, words)`
 *   (a shard of the term index) and `jenjangSearch.addDocs(n, entries)` (a display chunk). A
 *   query loads the shards of its terms, ranks from them, then loads the chunks of the results
 *   it shows.
 *
 * Matching: query and index are compared lower-cased, without accents and apostrophes, split
 * into words at anything that is not a letter, digit or mark. Every query term must match in the
 * title or the text; title matches rank above text matches, whole words above word starts. In
 * one file a term may also match inside a word (ranked lowest), and among equal scores shorter
 * titles come first. In a split index a term matches the start of a word only, terms of one
 * character are ignored (the results wait for a second character), and equal scores keep site
 * order.
 *
 * Keyboard: ArrowDown from the box moves into the results, ArrowUp/ArrowDown move between them
 * (ArrowUp from the first goes back to the box), Home/End jump to the first/last result, Tab
 * works as usual, Escape closes the results (and clears the box when they are already closed),
 * Enter in the box opens the first result.
 */
(function () {
  'use strict';

  var MARKS = /[\u0300-\u036f]/g;
  // Apostrophes and soft hyphens join: "bachelor's" is searched as "bachelors".
  var JOINERS = /['\u2018\u2019\u02bc\u00ad]/g;
  // Word characters are letters, digits and marks, as in src/render/search.rs (`is_word_char`).
  // Unicode property escapes are ES2018: built at run time, so that older browsers (and the
  // ES2017 syntax check) fall back to a list of punctuation.
  var WORD = '\\p{Alphabetic}\\p{N}\\p{M}';
  var FALLBACK = '[\\s!"#$%&()*+,\\-./:;<=>?@[\\\\\\]^_`{|}~\\u00a0\\u00a1\\u00a7\\u00ab\\u00b6\\u00b7' +
    '\\u00bb\\u00bf\\u2010-\\u2015\\u2022\\u2026\\u201c-\\u201f\\u2039\\u203a\\u3001\\u3002\\uff0c]';
  var SEPARATORS, IS_WORD_CHAR;
  try {
    SEPARATORS = new RegExp('[^' + WORD + ']+', 'gu');
    IS_WORD_CHAR = new RegExp('^[' + WORD + ']$', 'u');
  } catch (e) {
    SEPARATORS = new RegExp(FALLBACK + '+', 'g');
    var IS_SEPARATOR = new RegExp('^' + FALLBACK + '$');
    IS_WORD_CHAR = { test: function (c) { return !IS_SEPARATOR.test(c); } };
  }
  var NON_ASCII = /[^\x00-\x7f]/;

  /** `s` lower-cased, without accents, with runs of anything but word characters as one space. */
  function normalise(s) {
    return String(s).toLowerCase().normalize('NFD')
      .replace(MARKS, '').replace(JOINERS, '').replace(SEPARATORS, ' ');
  }

  /**
   * `s` as the one-file index keeps it: like `normalise`, but punctuation is left in place
   * (query terms never contain any, and word boundaries are found with `isWordChar`): replacing
   * it is by far the slowest step on a large index.
   */
  function normaliseIndex(s) {
    s = String(s).toLowerCase();
    if (NON_ASCII.test(s)) s = s.normalize('NFD').replace(MARKS, '');
    return s.replace(JOINERS, '');
  }

  /** Whether the character with code `c` of a normalised string is part of a word. */
  function isWordChar(c) {
    if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    return IS_WORD_CHAR.test(String.fromCharCode(c));
  }

  /** The distinct terms of a query, longest first. */
  function terms(query) {
    var seen = {};
    return normalise(query).split(' ').filter(function (t) {
      if (!t || seen[t]) return false;
      seen[t] = true;
      return true;
    }).sort(function (a, b) { return b.length - a.length; });
  }

  /** The words of `s`, normalised, as src/render/search.rs (`words`) lists them. */
  function words(s) {
    return normalise(s).split(' ').filter(Boolean);
  }

  /** The number of characters (code points) of `s`. */
  function length(s) {
    return Array.from(s).length;
  }

  /**
   * Entry `i` of an index (`raw`, see src/render/search.rs) as `{kind, title, path, context,
   * text, i}`; `get(j)` returns the raw entry `j` (an item's parent).
   */
  function display(raw, i, get) {
    if (typeof raw[0] !== 'number') {
      return { kind: raw[0], title: raw[1], path: raw[2], context: raw[3], text: raw[4], i: i };
    }
    var p = get(raw[0]);
    var hash = p[2].indexOf('#');
    return {
      kind: 'item', title: raw[2],
      path: (hash < 0 ? p[2] : p[2].slice(0, hash)) + '#ck-' + (p[5] + '/' + raw[1]).replace(/\//g, '-'),
      context: p[3] ? p[1] + ' \u00b7 ' + p[3] : p[1],
      text: raw[3] || '', i: i
    };
  }

  /** The entries of a one-file index, ready to search. */
  function prepare(docs) {
    var get = function (j) { return docs[j]; };
    return docs.map(function (raw, i) {
      var d = display(raw, i, get);
      d.t = normaliseIndex(d.title);
      d.x = normaliseIndex(d.text);
      return d;
    });
  }

  // How much a term scores where it is found; title matches beat any text match.
  var TITLE_WORD = 120, TITLE_START = 100, TITLE_IN = 40;
  var TEXT_WORD = 12, TEXT_START = 10, TEXT_IN = 4;

  /** The best of `word` (whole word), `start` (start of a word), `inside` or 0 for `t` in `hay`. */
  function termScore(hay, t, word, start, inside) {
    var at = hay.indexOf(t);
    if (at < 0) return 0;
    var best = inside;
    for (; at >= 0; at = hay.indexOf(t, at + 1)) {
      if (at === 0 || !isWordChar(hay.charCodeAt(at - 1))) {
        var end = at + t.length;
        if (end === hay.length || !isWordChar(hay.charCodeAt(end))) return word;
        best = start;
      }
    }
    return best;
  }

  /**
   * The entries (from `prepare`) that match every term of `query`, best first:
   * `{terms, total, results: [{doc, score}]}` with at most `limit` results.
   */
  function search(docs, query, limit) {
    var ts = terms(query);
    var hits = [];
    if (ts.length) {
      var whole = normalise(query).trim();
      for (var i = 0; i < docs.length; i++) {
        var d = docs[i];
        var score = 0;
        for (var k = 0; k < ts.length; k++) {
          var s = termScore(d.t, ts[k], TITLE_WORD, TITLE_START, TITLE_IN) ||
            termScore(d.x, ts[k], TEXT_WORD, TEXT_START, TEXT_IN);
          if (!s) { score = 0; break; }
          score += s;
        }
        if (!score) continue;
        if (score >= TITLE_IN * ts.length) {
          var title = normalise(d.title).trim();
          if (title === whole) score += 60;
          else if (title.indexOf(whole + ' ') === 0) score += 20;
        }
        hits.push({ doc: d, score: score });
      }
      hits.sort(function (a, b) {
        return b.score - a.score || a.doc.title.length - b.doc.title.length || a.doc.i - b.doc.i;
      });
    }
    return { terms: ts, total: hits.length, results: hits.slice(0, limit) };
  }

  // ---- Split indexes ----

  /** The terms of `query` a split index can look up: those of two characters or more. */
  function splitTerms(query) {
    return terms(query).filter(function (t) { return length(t) >= 2; });
  }

  /** The shard keys (sorted, from the manifest) whose words may start with the term `t`. */
  function shardKeys(keys, t) {
    return keys.filter(function (k) { return t.lastIndexOf(k, 0) === 0 || k.lastIndexOf(t, 0) === 0; });
  }

  /** A shard key as its file name has it: `a`–`z`, `0`–`9`, and `_<hex>_` for anything else. */
  function fileKey(key) {
    return Array.from(key).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : '_' + c.codePointAt(0).toString(16) + '_';
    }).join('');
  }

  // Scores by the code `rank` keeps per entry: 1 text start, 2 text word, 3 title start, 4 title word.
  var SPLIT_SCORES = [0, TEXT_START, TEXT_WORD, TITLE_START, TITLE_WORD];

  /**
   * The entries of a split index with `count` entries that match every term of `ts`, best
   * first: `[{i, score}]`. `shards` maps a key to its words; `keys[k]` are the keys of `ts[k]`
   * (all loaded).
   */
  function rank(count, shards, keys, ts) {
    var found = null, scores = null;
    for (var k = 0; k < ts.length; k++) {
      var t = ts[k];
      var best = new Uint8Array(count);
      keys[k].forEach(function (key) {
        var shard = shards[key];
        Object.keys(shard).forEach(function (w) {
          if (w.lastIndexOf(t, 0) !== 0) return;
          var exact = w === t ? 1 : 0;
          var list = shard[w];
          for (var j = 0, at = 0; j < list.length; j++) {
            var v = list[j];
            at += v >> 1;
            var s = (v & 1 ? 3 : 1) + exact;
            if (s > best[at]) best[at] = s;
          }
        });
      });
      if (found === null) {
        found = [];
        scores = [];
        for (var i = 0; i < count; i++) {
          if (best[i]) { found.push(i); scores.push(SPLIT_SCORES[best[i]]); }
        }
      } else {
        var kept = 0;
        for (var n = 0; n < found.length; n++) {
          var b = best[found[n]];
          if (!b) continue;
          found[kept] = found[n];
          scores[kept++] = scores[n] + SPLIT_SCORES[b];
        }
        found.length = kept;
        scores.length = kept;
      }
      if (!found.length) break;
    }
    var hits = (found || []).map(function (i, n) { return { i: i, score: scores[n] }; });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits;
  }

  /** The number of the chunk (with first entries `starts`, ascending) that holds entry `i`. */
  function chunkOf(starts, i) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // ---- Showing results ----

  /** `s` normalised character by character, with the range of `s` each character came from. */
  function mapped(s) {
    var n = '', from = [], to = [];
    for (var i = 0; i < s.length;) {
      var c = s.charCodeAt(i);
      var w = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
      var ch = s.slice(i, i + w);
      var m = c < 0x80 ? (/[A-Za-z0-9]/.test(ch) ? ch.toLowerCase() : ch === "'" ? '' : ' ')
        : normalise(ch);
      if (!m && to.length && /^[\u0300-\u036f]/.test(ch.normalize('NFD'))) to[to.length - 1] = i + w;
      for (var k = 0; k < m.length; k++) { n += m[k]; from.push(i); to.push(i + w); }
      i += w;
    }
    return { n: n, from: from, to: to };
  }

  /**
   * The ranges `[start, end)` of `s` where the terms occur, sorted and merged; with `starts`,
   * only where a word starts with a term.
   */
  function ranges(s, ts, starts) {
    var mp = mapped(s), out = [];
    ts.forEach(function (t) {
      for (var at = mp.n.indexOf(t); at >= 0; at = mp.n.indexOf(t, at + 1)) {
        if (starts && at > 0 && isWordChar(mp.n.charCodeAt(at - 1))) continue;
        out.push([mp.from[at], mp.to[at + t.length - 1]]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  var SNIPPET = 160, BEFORE = 50;

  /**
   * A window of `text` around the first match of the terms: `{text, ranges}` with the ranges
   * relative to the window, "…" marking a cut. Without a match, the start of the text.
   */
  function snippet(text, ts, starts) {
    text = String(text).replace(/\s+/g, ' ').trim();
    var rs = ranges(text, ts, starts);
    var start = 0;
    if (rs.length && rs[0][0] > BEFORE) {
      start = text.lastIndexOf(' ', rs[0][0] - BEFORE);
      start = start < 0 || rs[0][0] - start > BEFORE + 20 ? rs[0][0] - BEFORE : start + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var space = text.lastIndexOf(' ', end);
      if (space > start + SNIPPET / 2) end = space;
    }
    var lead = start > 0 ? '…' : '', tail = end < text.length ? '…' : '';
    var shift = lead.length - start;
    return {
      text: lead + text.slice(start, end) + tail,
      ranges: rs.filter(function (r) { return r[1] > start && r[0] < end; }).map(function (r) {
        return [Math.max(r[0], start) + shift, Math.min(r[1], end) + shift];
      })
    };
  }

  /** The href of an index path from a page whose site root is `root`. */
  function href(root, indexFile, path) {
    var hash = path.indexOf('#');
    var page = hash < 0 ? path : path.slice(0, hash);
    var fragment = hash < 0 ? '' : path.slice(hash);
    return root + page + (page === '' || page.charAt(page.length - 1) === '/' ? indexFile : '') + fragment;
  }

  var lib = {
    normalise: normalise, normaliseIndex: normaliseIndex, terms: terms, words: words, display: display,
    prepare: prepare, search: search, splitTerms: splitTerms, shardKeys: shardKeys, fileKey: fileKey,
    rank: rank, chunkOf: chunkOf, ranges: ranges, snippet: snippet, href: href
  };
  if (typeof document === 'undefined') {
    // Not a browser: node's tests require this file for the functions above.
    if (typeof module === 'object' && module && module.exports) module.exports = lib;
    return;
  }

  // ---- The search box ----------------------------------------------------------------------

  var VERSION = 2, LIMIT = 50, DELAY = 100, ANNOUNCE_DELAY = 500;

  var script = document.currentScript;

  function init() {
    var form = document.querySelector('form[data-search-index]');
    if (!form) return;
    var input = form.querySelector('input[role="combobox"]');
    var panel = document.getElementById(input.getAttribute('aria-controls'));
    var status = form.querySelector('[role="status"]');
    var html = document.documentElement;
    var root = html.getAttribute('data-root');
    var indexFile = html.getAttribute('data-index-file');
    if (root === null && script) root = script.src.replace(/assets\/search\.js(\?.*)?$/, '');
    if (indexFile === null) indexFile = location.protocol === 'file:' ? 'index.html' : '';
    var data = form.dataset;
    // The files of a split index, next to search-index.js.
    var folder = data.searchIndex.replace(/[^/]*$/, '') + 'search/';

    var state = 'idle'; // of search-index.js: idle, loading, ready, error
    var docs = null; // one file: the entries, prepared
    var manifest = null; // split: the manifest, and what has been loaded of the rest
    var shards = {}, chunks = {};
    var files = {}; // src → 'loading', 'done' or 'failed'
    var ranked = { key: null, hits: null }; // split: the last ranking
    var timer = 0, announceTimer = 0;
    var goFirst = false;
    var shown = null; // what the panel shows: "<view> <query>"
    var current = 'closed'; // the view of the box's query: closed, loading, error, none, results

    function say(text) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () { status.textContent = text; }, ANNOUNCE_DELAY);
    }

    /** Loads the script `src` once, then calls `done(ok)`. */
    function loadScript(src, done) {
      if (files[src]) return;
      files[src] = 'loading';
      var el = document.createElement('script');
      el.src = src;
      el.async = true;
      el.addEventListener('load', function () {
        files[src] = 'done';
        el.remove();
        done(true);
      });
      el.addEventListener('error', function () {
        files[src] = 'failed';
        el.remove();
        done(false);
      });
      document.head.appendChild(el);
    }

    function load() {
      if (state === 'loading' || state === 'ready') return;
      state = 'loading';
      delete files[data.searchIndex];
      loadScript(data.searchIndex, function (ok) {
        var index = window.jenjangSearch;
        if (!ok || !index || index.version !== VERSION) {
          state = 'error';
        } else if (Array.isArray(index.docs)) {
          docs = prepare(index.docs);
          state = 'ready';
        } else if (Array.isArray(index.chunks) && Array.isArray(index.terms)) {
          manifest = index;
          index.addTerms = function (key, words) { shards[key] = words; };
          index.addDocs = function (n, entries) { chunks[n] = entries; };
          state = 'ready';
        } else {
          state = 'error';
        }
        clearTimeout(timer);
        update();
      });
    }

    /** After an error, lets the next use load what failed again. */
    function retry() {
      Object.keys(files).forEach(function (src) {
        if (files[src] === 'failed') delete files[src];
      });
      if (state === 'error') {
        delete files[data.searchIndex];
        state = 'idle';
      }
    }

    /** The scripts among `srcs` not loaded yet: `{wait, failed}`, loading those not asked for. */
    function fetchAll(srcs) {
      var wait = false, failed = false;
      srcs.forEach(function (src) {
        if (files[src] === 'failed') failed = true;
        else if (files[src] !== 'done') {
          wait = true;
          loadScript(src, function () { update(); });
        }
      });
      return { wait: wait, failed: failed };
    }

    /** Raw entry `i` of a split index, when its chunk is loaded. */
    function entry(i) {
      var n = chunkOf(manifest.chunks, i);
      return chunks[n] && chunks[n][i - manifest.chunks[n]];
    }

    /**
     * The search of a split index: `{terms, total, results}` as `search` gives, or `{wait}`
     * while files are loading, or `{failed}`.
     */
    function searchSplit(query) {
      var ts = splitTerms(query);
      var keys = ts.map(function (t) { return shardKeys(manifest.terms, t); });
      var srcs = [];
      keys.forEach(function (ks) {
        ks.forEach(function (k) { srcs.push(folder + 'terms-' + fileKey(k) + '.js'); });
      });
      var need = fetchAll(srcs);
      if (need.wait || need.failed) return need;
      var key = ts.join(' ');
      if (ranked.key !== key) ranked = { key: key, hits: rank(manifest.entries, shards, keys, ts) };
      var top = ranked.hits.slice(0, LIMIT);
      var numbers = {};
      top.forEach(function (h) { numbers[chunkOf(manifest.chunks, h.i)] = true; });
      need = fetchAll(Object.keys(numbers).map(function (n) { return folder + 'docs-' + n + '.js'; }));
      if (need.wait || need.failed) return need;
      return {
        terms: ts,
        total: ranked.hits.length,
        results: top.map(function (h) { return { doc: display(entry(h.i), h.i, entry), score: h.score }; })
      };
    }

    function open(on) {
      panel.hidden = !on;
      input.setAttribute('aria-expanded', on ? 'true' : 'false');
    }

    function line(cls, text) {
      var p = document.createElement('p');
      p.className = cls;
      p.textContent = text;
      return p;
    }

    function marked(parent, text, rs) {
      var at = 0;
      rs.forEach(function (r) {
        if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
        var mark = document.createElement('mark');
        mark.textContent = text.slice(r[0], r[1]);
        parent.appendChild(mark);
        at = r[1];
      });
      if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
      return parent;
    }

    function span(cls) {
      var s = document.createElement('span');
      s.className = cls;
      return s;
    }

    function count(n) {
      return n === 1 ? data.lOne : data.lMany.replace('{n}', n);
    }

    /** Replaces the panel's content with a message. */
    function message(view, query, cls, text) {
      shown = view + ' ' + query;
      panel.textContent = '';
      panel.setAttribute('data-query', query);
      panel.appendChild(line(cls, text));
      open(true);
      say(text);
    }

    /** Shows the state of the search for the box's current query. */
    function update() {
      var query = input.value;
      var split = state === 'ready' && manifest;
      if (!(split ? splitTerms(query) : terms(query)).length) {
        current = 'closed';
        shown = null;
        panel.textContent = '';
        panel.setAttribute('data-query', query);
        open(false);
        clearTimeout(announceTimer);
        status.textContent = '';
        return;
      }
      var found = null, view;
      if (state === 'loading' || state === 'idle') view = 'loading';
      else if (state === 'error') view = 'error';
      else {
        found = split ? searchSplit(query) : search(docs, query, LIMIT);
        view = found.failed ? 'error' : found.wait ? 'loading' : found.total ? 'results' : 'none';
      }
      current = view;
      if (view + ' ' + query === shown && !panel.hidden) return;
      // While the files of a new query load, the results of the last one stay.
      if (view === 'loading' && shown && shown.lastIndexOf('results ', 0) === 0 && !panel.hidden) return;
      if (view === 'loading') {
        message(view, query, 'search-message', data.lLoading);
        return;
      }
      if (view === 'error') {
        message(view, query, 'search-message search-error', data.lError);
        goFirst = false;
        return;
      }
      if (view === 'none') {
        message(view, query, 'search-message', data.lNone.replace('{q}', query.trim()));
        goFirst = false;
        return;
      }
      shown = view + ' ' + query;
      panel.textContent = '';
      panel.setAttribute('data-query', query);
      panel.appendChild(line('search-count', count(found.total)));
      var groups = {}, order = [];
      found.results.forEach(function (hit) {
        var kind = hit.doc.kind;
        if (!groups[kind]) { groups[kind] = []; order.push(kind); }
        groups[kind].push(hit.doc);
      });
      order.forEach(function (kind) {
        var id = panel.id + '-' + kind;
        var h = document.createElement('h2');
        h.className = 'search-group';
        h.id = id;
        h.textContent = data['kind' + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind;
        var ul = document.createElement('ul');
        ul.className = 'search-hits';
        ul.setAttribute('aria-labelledby', id);
        groups[kind].forEach(function (doc) {
          var a = document.createElement('a');
          a.className = 'search-hit';
          a.href = href(root, indexFile, doc.path);
          marked(a.appendChild(span('search-title')), doc.title, ranges(doc.title, found.terms, split));
          if (doc.context) a.appendChild(span('search-context')).textContent = doc.context;
          if (doc.text) {
            var sn = snippet(doc.text, found.terms, split);
            marked(a.appendChild(span('search-snippet')), sn.text, sn.ranges);
          }
          var li = document.createElement('li');
          li.appendChild(a);
          ul.appendChild(li);
        });
        panel.appendChild(h);
        panel.appendChild(ul);
      });
      if (found.total > found.results.length) {
        panel.appendChild(line('search-more', data.lMore.replace('{n}', found.total - found.results.length)));
      }
      open(true);
      say(count(found.total));
      if (goFirst) {
        goFirst = false;
        location.href = links()[0].href;
      }
    }

    function links() {
      return Array.prototype.slice.call(panel.querySelectorAll('a.search-hit'));
    }

    function close() {
      clearTimeout(timer);
      open(false);
    }

    form.hidden = false;

    input.addEventListener('focus', function () {
      retry();
      load();
    });

    input.addEventListener('click', function () {
      if (panel.hidden && terms(input.value).length) update();
    });

    input.addEventListener('input', function () {
      load();
      clearTimeout(timer);
      timer = setTimeout(update, DELAY);
    });

    /** Enter in the box: opens the first result, now or once the index has loaded. */
    function go() {
      clearTimeout(timer);
      update();
      if (current === 'results') location.href = links()[0].href;
      else if (current === 'loading') goFirst = true;
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      go();
    });

    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (panel.hidden && input.value) { clearTimeout(timer); update(); }
        var all = links();
        if (!panel.hidden && all.length) {
          e.preventDefault();
          all[e.key === 'ArrowDown' ? 0 : all.length - 1].focus();
        }
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (!panel.hidden) close();
        else {
          input.value = '';
          update();
        }
      }
    });

    panel.addEventListener('keydown', function (e) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      var to = null;
      if (e.key === 'ArrowDown') to = all[Math.min(at + 1, all.length - 1)];
      else if (e.key === 'ArrowUp') to = at > 0 ? all[at - 1] : input;
      else if (e.key === 'Home' && at >= 0) to = all[0];
      else if (e.key === 'End' && at >= 0) to = all[all.length - 1];
      else if (e.key === 'Escape') {
        close();
        to = input;
      }
      if (to) {
        e.preventDefault();
        to.focus();
      }
    });

    panel.addEventListener('click', function (e) {
      if (e.target.closest && e.target.closest('a')) close();
    });

    form.addEventListener('focusout', function (e) {
      if (e.relatedTarget && !form.contains(e.relatedTarget)) close();
    });

    document.addEventListener('pointerdown', function (e) {
      if (!form.contains(e.target)) close();
    });

    // Loaded on first use: the box has the focus already, may hold a query, and Enter may
    // have been pressed (jenjang.js marks the form).
    if (document.activeElement === input) {
      load();
      if (form.hasAttribute('data-search-submitted')) go();
      else if (input.value) update();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
