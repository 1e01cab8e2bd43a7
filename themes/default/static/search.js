/* jenjang search box (default theme). Dependency-free, ES2017, no inline code or styles.
 *
 * The form in the header (templates/search.html) is `hidden` without scripts; this script
 * reveals it. The index (`search-index.js` of the page's language, which sets
 * `window.jenjangSearch = {version, lang, docs: [[kind, title, path, context, text], …]}`) is
 * loaded with a <script> element on first use, so that it works from file:// too.
 *
 * Matching: every query term must occur in the title or the text; title matches rank above text
 * matches, whole words and word starts above matches inside a word. Query and index are
 * compared lower-cased, without accents, with punctuation as word separators.
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
  var SEPARATOR = '[\\s!"#$%&()*+,\\-./:;<=>?@[\\\\\\]^_`{|}~\\u00a0\\u00a1\\u00a7\\u00ab\\u00b6\\u00b7' +
    '\\u00bb\\u00bf\\u2010-\\u2015\\u2022\\u2026\\u201c-\\u201f\\u2039\\u203a\\u3001\\u3002\\uff0c]';
  var SEPARATORS = new RegExp(SEPARATOR + '+', 'g');
  var IS_SEPARATOR = new RegExp('^' + SEPARATOR + '$');
  var NON_ASCII = /[^\x00-\x7f]/;

  /** `s` lower-cased, without accents, with runs of punctuation and spaces as one space. */
  function normalise(s) {
    return String(s).toLowerCase().normalize('NFD')
      .replace(MARKS, '').replace(JOINERS, '').replace(SEPARATORS, ' ');
  }

  /**
   * `s` as the index keeps it: like `normalise`, but punctuation is left in place (query terms
   * never contain any, and word boundaries are found with `isWordChar`): replacing it is by far
   * the slowest step on a large index.
   */
  function normaliseIndex(s) {
    s = String(s).toLowerCase();
    if (NON_ASCII.test(s)) s = s.normalize('NFD').replace(MARKS, '');
    return s.replace(JOINERS, '');
  }

  /** Whether the character with code `c` of an index string is part of a word. */
  function isWordChar(c) {
    if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    return !IS_SEPARATOR.test(String.fromCharCode(c));
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

  /** The index's docs, ready to search. */
  function prepare(docs) {
    return docs.map(function (d, i) {
      return {
        kind: d[0], title: d[1], path: d[2], context: d[3], text: d[4], i: i,
        t: normaliseIndex(d[1]), x: normaliseIndex(d[4])
      };
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
   * The docs (from `prepare`) that match every term of `query`, best first:
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

  /** The ranges `[start, end)` of `s` where the terms occur, sorted and merged. */
  function ranges(s, ts) {
    var mp = mapped(s), out = [];
    ts.forEach(function (t) {
      for (var at = mp.n.indexOf(t); at >= 0; at = mp.n.indexOf(t, at + t.length)) {
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
  function snippet(text, ts) {
    text = String(text).replace(/\s+/g, ' ').trim();
    var rs = ranges(text, ts);
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
    normalise: normalise, normaliseIndex: normaliseIndex, terms: terms, prepare: prepare, search: search,
    ranges: ranges, snippet: snippet, href: href
  };
  if (typeof document === 'undefined') {
    // Not a browser: node's tests require this file for the functions above.
    if (typeof module === 'object' && module && module.exports) module.exports = lib;
    return;
  }

  // ---- The search box ----------------------------------------------------------------------

  var LIMIT = 50, DELAY = 100, ANNOUNCE_DELAY = 500;

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

    var state = 'idle'; // idle, loading, ready, error
    var docs = null;
    var timer = 0, announceTimer = 0;
    var goFirst = false;
    var shown = null; // the state and query the panel shows

    function say(text) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () { status.textContent = text; }, ANNOUNCE_DELAY);
    }

    function load() {
      if (state === 'loading' || state === 'ready') return;
      state = 'loading';
      var el = document.createElement('script');
      el.src = data.searchIndex;
      el.async = true;
      el.addEventListener('load', function () {
        var index = window.jenjangSearch;
        if (index && index.version === 1 && Array.isArray(index.docs)) {
          docs = prepare(index.docs);
          state = 'ready';
        } else {
          state = 'error';
        }
        el.remove();
        clearTimeout(timer);
        update();
      });
      el.addEventListener('error', function () {
        state = 'error';
        el.remove();
        clearTimeout(timer);
        update();
      });
      document.head.appendChild(el);
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

    /** Shows the state of the search for the box's current query. */
    function update() {
      var query = input.value;
      var ts = terms(query);
      var key = state + ' ' + query;
      if (key === shown && !panel.hidden) return;
      shown = key;
      panel.textContent = '';
      panel.setAttribute('data-query', query);
      if (!ts.length) {
        open(false);
        clearTimeout(announceTimer);
        status.textContent = '';
        return;
      }
      if (state === 'loading' || state === 'idle') {
        panel.appendChild(line('search-message', data.lLoading));
        open(true);
        say(data.lLoading);
        return;
      }
      if (state === 'error') {
        panel.appendChild(line('search-message search-error', data.lError));
        open(true);
        say(data.lError);
        goFirst = false;
        return;
      }
      var found = search(docs, query, LIMIT);
      if (!found.total) {
        panel.appendChild(line('search-message', data.lNone.replace('{q}', query.trim())));
        open(true);
        say(data.lNone.replace('{q}', query.trim()));
        goFirst = false;
        return;
      }
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
          marked(a.appendChild(span('search-title')), doc.title, ranges(doc.title, found.terms));
          if (doc.context) a.appendChild(span('search-context')).textContent = doc.context;
          if (doc.text) {
            var sn = snippet(doc.text, found.terms);
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
      if (state === 'error') state = 'idle';
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

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      update();
      var first = links()[0];
      if (first) location.href = first.href;
      else if (state === 'loading' || state === 'idle') goFirst = true;
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
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
