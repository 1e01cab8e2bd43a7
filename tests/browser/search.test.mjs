// Browser tests of the default theme's search box (themes/default/static/search.js).
//
//   cd tests/browser && npm install && node --test search.test.mjs
//
// Builds the example site with the binary at $JENJANG_BIN (default target/debug/jenjang) into a
// temporary folder and drives /usr/bin/chromium ($CHROMIUM) with playwright-core, over HTTP and
// from file://. A screenshot at 360 px goes to target/browser-artifacts/search-360.png.
//
// The example site is bilingual: Indonesian (its default language) at the root, English under
// en/, each language with its own index. Its index is small enough to be one file. Every flow also runs against the
// example site with its index split (term shards and display chunks, the form large sites get):
// built by the same binary, then its index rewritten by `cargo run --example search-index`
// (examples/search-index.rs, which calls jenjang::render::search::index_files with a threshold
// of 0 bytes). $JENJANG_SEARCH_INDEX_BIN names a built copy of that example instead.
//
// Optional timing on a big site: JENJANG_SEARCH_BENCH=<built site folder> (e.g. the public/ of
// `cargo run --release --example gen-corpus -- 10000 /dev/shm/jenjang-10k --force`, built) and
// JENJANG_SEARCH_BENCH_QUERY (default "mentor"; several separated by commas) report the index
// load + first query time, what it loaded and the JS heap; JENJANG_SEARCH_BENCH_CPU=4 slows the
// CPU down four times (Chromium's throttling), roughly a mid-range phone.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { parse } from 'acorn';
import { artifact, AXE, build, cleanup, fileUrl, launch, newPage, ROOT, serve } from './helpers.mjs';

const SCRIPT = join(ROOT, 'themes/default/static/search.js');
const lib = createRequire(import.meta.url)(SCRIPT);

// A word that occurs in the English version of the example site only in the evidence of one
// checklist item (content/roadmaps/counsellor-career.yaml, stage `preparation`, item
// `bk-degree`), in a case the content does not use. The flows below start from English pages,
// under en/, so they also show that a language's pages load that language's index.
const EVIDENCE_WORD = 'IJAZAH';
const ITEM_ANCHOR = 'ck-counsellor-career-preparation-bk-degree';
const ITEM_PAGE = 'en/roadmaps/counsellor-career/preparation/index.html';
const START_PAGE = 'en/roadmaps/teacher-career/exploration/index.html';

/** `out` (a built site of `root`) with its search index rewritten, split at 0 bytes. */
function splitIndex(root, out) {
  const args = [root, out, '0'];
  const bin = process.env.JENJANG_SEARCH_INDEX_BIN;
  if (bin) execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  else {
    execFileSync('cargo', ['run', '--quiet', '--example', 'search-index', '--', ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  }
  return out;
}

/** The data of the index files of a built site (under `prefix`), read by running them. */
function readIndex(dir, prefix = '') {
  // Plain data of this realm, for deepEqual.
  return JSON.parse(JSON.stringify(runIndex(dir, prefix)));
}

function runIndex(dir, prefix) {
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(dir, prefix, 'search-index.js'), 'utf8'), sandbox);
  const index = sandbox.window.jenjangSearch;
  if (Array.isArray(index.docs)) return { index };
  const shards = {}, chunks = {};
  index.addTerms = (key, words) => { shards[key] = words; };
  index.addDocs = (n, docs) => { chunks[n] = docs; };
  sandbox.jenjangSearch = index;
  for (const name of readdirSync(join(dir, prefix, 'search')).sort()) {
    vm.runInNewContext(readFileSync(join(dir, prefix, 'search', name), 'utf8'), sandbox);
  }
  return { index, shards, chunks };
}

// ---- The matching functions, in node ---------------------------------------------------------

describe('normalise and match', () => {
  test('the script is ES2017', () => {
    assert.doesNotThrow(() => parse(readFileSync(SCRIPT, 'utf8'), { ecmaVersion: 2017, sourceType: 'script' }));
  });

  test('lower-cases, strips accents and treats anything but letters and digits as separators', () => {
    assert.equal(lib.normalise('Éducation'), 'education');
    assert.equal(lib.normalise('Pendidikan GURU'), 'pendidikan guru');
    assert.equal(lib.normalise('e\u0301te\u0301'), 'ete');
    assert.equal(lib.normalise('café, crème-brûlée'), 'cafe creme brulee');
    assert.equal(lib.normalise('(eksplorasi)/pembentukan'), ' eksplorasi pembentukan');
    assert.equal(lib.normalise('bachelor’s degree'), 'bachelors degree');
    assert.equal(lib.normalise('Guru — BK · “Bimbingan”…'), 'guru bk bimbingan ');
    assert.deepEqual(lib.terms('  Mentor, MENTORING mentor '), ['mentoring', 'mentor']);
    assert.deepEqual(lib.terms(' – ,'), []);
  });

  test('splits words as src/render/search.rs does (its tests use the same strings)', () => {
    assert.deepEqual(lib.words('café, crème-brûlée'), ['cafe', 'creme', 'brulee']);
    assert.deepEqual(lib.words('Pendidikan dan pelatihan guru; fasilitatör 2024.'),
      ['pendidikan', 'dan', 'pelatihan', 'guru', 'fasilitator', '2024']);
    assert.deepEqual(lib.words('C++ & e-mail_x'), ['c', 'e', 'mail', 'x']);
    assert.deepEqual(lib.words('क्षमता विकास'), ['क्षमता', 'विकास'], 'marks are part of words (the ES2018 path)');
    assert.deepEqual(lib.words('ΟΔΟΣ İstanbul'), ['οδος', 'istanbul']);
  });

  const docs = lib.prepare([
    ['item', 'Keep a record of mentoring', 'a/#1', '', 'Notes'],
    ['stage', 'Induction', 'b/', 'Roadmap', 'A mentor meets the new teacher weekly.'],
    ['module', 'Mentor training', 'c/', '', ''],
    ['unit', 'Tormentors', 'd/#unit-x', 'M', ''],
    ['page', 'About', 'e/', '', 'Pendidikan dan pelatihan guru; fasilitator.'],
    ['competency', 'Café management', 'f/', 'F', 'Menu and service'],
  ]);
  const titles = (q) => lib.search(docs, q, 50).results.map((h) => h.doc.title);

  test('ranks title over text and word starts over matches inside a word', () => {
    assert.deepEqual(titles('mentor'),
      ['Mentor training', 'Keep a record of mentoring', 'Tormentors', 'Induction']);
  });

  test('requires every term, in the title or the text', () => {
    assert.deepEqual(titles('mentor weekly'), ['Induction']);
    assert.deepEqual(titles('mentor nowhere'), []);
    assert.deepEqual(titles('PELATIHAN guru'), ['About']);
  });

  test('matches with and without accents', () => {
    assert.deepEqual(titles('cafe'), ['Café management']);
    assert.deepEqual(titles('CAFÉ'), ['Café management']);
    assert.deepEqual(titles('fasilitatör'), ['About']);
  });

  test('caps the results and counts them all', () => {
    const many = lib.prepare(Array.from({ length: 120 }, (_, i) => ['page', `Mentor ${i}`, `p/#${i}`, '', '']));
    const found = lib.search(many, 'mentor', 50);
    assert.equal(found.total, 120);
    assert.equal(found.results.length, 50);
  });

  test('an item takes its path and context from its parent', () => {
    const raw = [
      ['stage', 'Induction', 'id/roadmaps/t/induction/', 'Teacher roadmap', 'Text', 't/induction'],
      [0, 'first-week', 'Meet your mentor', 'A signed note'],
      ['unit', 'Listening', 'modules/m/#unit-listening', 'Counselling', '', 'm/listening'],
      [2, 'role-play', 'Role play'],
      ['module', 'Counselling', 'modules/m/', '', '', 'm'],
      [4, 'x', 'Own item'],
    ];
    const [stage, item, , unitItem, , moduleItem] = lib.prepare(raw);
    assert.equal(stage.path, 'id/roadmaps/t/induction/');
    assert.deepEqual({ ...item, t: undefined, x: undefined }, {
      kind: 'item', title: 'Meet your mentor', path: 'id/roadmaps/t/induction/#ck-t-induction-first-week',
      context: 'Induction · Teacher roadmap', text: 'A signed note', i: 1, t: undefined, x: undefined,
    });
    assert.equal(unitItem.path, 'modules/m/#ck-m-listening-role-play');
    assert.equal(unitItem.context, 'Listening · Counselling');
    assert.equal(unitItem.text, '');
    assert.equal(moduleItem.path, 'modules/m/#ck-m-x');
    assert.equal(moduleItem.context, 'Counselling');
  });

  test('split: shard keys, file names, chunks', () => {
    const keys = ['co', 'me', 'the', 'thei', 'then', 'th1', 'жи'];
    assert.deepEqual(lib.shardKeys(keys, 'me'), ['me']);
    assert.deepEqual(lib.shardKeys(keys, 'mentor'), ['me']);
    assert.deepEqual(lib.shardKeys(keys, 'th'), ['the', 'thei', 'then', 'th1']);
    assert.deepEqual(lib.shardKeys(keys, 'the'), ['the', 'thei', 'then']);
    assert.deepEqual(lib.shardKeys(keys, 'theirs'), ['the', 'thei']);
    assert.deepEqual(lib.shardKeys(keys, 'x1'), []);
    assert.equal(lib.fileKey('жи'), '_436__438_');
    assert.equal(lib.fileKey('th1'), 'th1');
    assert.deepEqual(lib.splitTerms('a Mentor b ij'), ['mentor', 'ij']);
    assert.deepEqual([0, 1, 9, 10, 11, 25, 99].map((i) => lib.chunkOf([0, 10, 25], i)), [0, 0, 0, 1, 1, 2, 2]);
  });

  test('split: ranks from the lists, title above text, whole words above starts, then site order', () => {
    // Entries 0..5; lists are 2 × delta + (1 if in the title).
    const shards = {
      me: { mentor: [1, 4, 3], mentoring: [0, 6] }, // mentor: 0 title, 2 text, 3 title; mentoring: 0 text, 3 text
      pl: { plan: [6, 4] }, // plan: 3 text, 5 text
    };
    const rank = (ts) => lib.rank(6, shards, ts.map((t) => lib.shardKeys(Object.keys(shards), t)), ts)
      .map((h) => [h.i, h.score]);
    assert.deepEqual(rank(['mentor']), [[0, 120], [3, 120], [2, 12]]);
    assert.deepEqual(rank(['ment']), [[0, 100], [3, 100], [2, 10]]);
    assert.deepEqual(rank(['mentori']), [[0, 10], [3, 10]]);
    assert.deepEqual(rank(['mentor', 'plan']), [[3, 132]]);
    assert.deepEqual(rank(['mentor', 'nothing']), []);
    assert.deepEqual(rank(['pl']), [[3, 10], [5, 10]]);
  });

  test('highlights the original text, accents included', () => {
    assert.deepEqual(lib.ranges('Un café, Cafe\u0301!', ['cafe']), [[3, 7], [9, 14]]);
    assert.deepEqual(lib.ranges('Tormentors mentor', ['mentor']), [[3, 9], [11, 17]]);
    assert.deepEqual(lib.ranges('Tormentors mentor', ['mentor'], true), [[11, 17]], 'word starts only');
    const s = lib.snippet(`${'word '.repeat(60)}the mentor here ${'more '.repeat(60)}`, ['mentor']);
    assert.ok(s.text.startsWith('…') && s.text.endsWith('…'), s.text);
    assert.equal(s.ranges.length, 1);
    assert.equal(s.text.slice(s.ranges[0][0], s.ranges[0][1]), 'mentor');
    assert.ok(s.text.length <= 162, s.text.length);
  });

  test('builds hrefs with and without index.html', () => {
    assert.equal(lib.href('../../', 'index.html', 'roadmaps/t/x/#ck-a'), '../../roadmaps/t/x/index.html#ck-a');
    assert.equal(lib.href('../', 'index.html', 'id/modules/m/'), '../id/modules/m/index.html');
    assert.equal(lib.href('', 'index.html', ''), 'index.html');
    assert.equal(lib.href('https://e.org/', '', 'modules/m/#unit-u'), 'https://e.org/modules/m/#unit-u');
  });
});

// ---- The two forms of the example site's index ------------------------------------------------

const sites = {};
before(() => {
  sites.one = build();
  sites.split = splitIndex(ROOT, build());
});
after(() => cleanup());

describe('the index files of the example site', () => {
  test('one file as built; split when forced, with the same entries', () => {
    const one = readIndex(sites.one);
    assert.equal(one.index.version, 2);
    assert.ok(Array.isArray(one.index.docs));
    const split = readIndex(sites.split);
    assert.equal(split.index.docs, undefined);
    assert.equal(split.index.entries, one.index.docs.length);
    const entries = split.index.chunks.flatMap((start, n) => {
      assert.equal(start, split.index.chunks.slice(0, n).reduce((s, c, k) => s + split.chunks[k].length, 0));
      return split.chunks[n];
    });
    assert.deepEqual(entries, one.index.docs);
    assert.deepEqual(Object.keys(split.shards).sort(), [...split.index.terms].sort());
  });

  test('the term index lists every word the script finds in every entry (Rust and JS agree)', () => {
    const { index, shards } = readIndex(sites.split);
    const docs = lib.prepare(readIndex(sites.one).index.docs);
    const lists = new Map();
    for (const [key, words] of Object.entries(shards)) {
      for (const [w, list] of Object.entries(words)) {
        assert.ok(w.startsWith(key), `${w} in shard ${key}`);
        assert.deepEqual(lib.words(w), [w], `${w} is one normalised word for the script too`);
        let at = 0;
        lists.set(w, new Map(list.map((v) => { at += v >> 1; return [at, v & 1]; })));
      }
    }
    let checked = 0;
    for (const d of docs) {
      const title = new Set(lib.words(d.title).filter((w) => [...w].length > 1));
      for (const w of title) {
        assert.equal(lists.get(w)?.get(d.i), 1, `"${w}" in the title of entry ${d.i}`);
        checked++;
      }
      for (const w of lib.words(d.text).filter((w) => [...w].length > 1 && !title.has(w))) {
        assert.equal(lists.get(w)?.get(d.i), 0, `"${w}" in the text of entry ${d.i}`);
        checked++;
      }
    }
    assert.ok(checked > 1000, `${checked} words checked`);
    assert.equal(index.entries, docs.length);
  });
});

// ---- The search box, in Chromium ------------------------------------------------------------

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const form of ['one', 'split']) {
  describe(`search box (${form === 'one' ? 'one index file' : 'split index'})`, () => {
    let site, server, base;

    before(async () => {
      site = sites[form];
      server = await serve({ '/': site });
      base = server.url + '/';
    });

    after(async () => {
      await server?.close();
    });

    /** A new page at `url`, recording console errors, page errors and index requests. */
    async function open(url, options = {}) {
      const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
      const page = await newPage(context);
      const indexLoads = [], partLoads = [];
      page.on('request', (r) => {
        if (r.url().endsWith('search-index.js')) indexLoads.push(r.url());
        const part = r.url().match(/\/search\/((terms|docs)-[^/]*\.js)$/);
        if (part) partLoads.push(part[1]);
      });
      await page.goto(url);
      return { page, context, errors: page.errors, indexLoads, partLoads };
    }

    const box = (page) => page.locator('#site-search-input');
    const hits = (page) => page.locator('#site-search-results a.search-hit');
    /** The results once the panel shows those of `query`. */
    const hitsFor = (page, query) => page.locator(`#site-search-results[data-query="${query}"] a.search-hit`);

    async function findsTheItem(url, expected) {
      const { page, context, errors, indexLoads, partLoads } = await open(url);
      try {
        await page.locator('form[role="search"]').waitFor({ state: 'visible' });
        assert.equal(indexLoads.length, 0, 'the index is loaded only when the box is used');
        assert.equal(await page.evaluate(() => document.querySelectorAll('script[src$="search.js"]').length), 0,
          'search.js is loaded only when the box is used');
        await box(page).focus();
        await box(page).pressSequentially(EVIDENCE_WORD);
        await hitsFor(page, EVIDENCE_WORD).first().waitFor();
        assert.equal(indexLoads.length, 1);
        if (form === 'one') assert.deepEqual(partLoads, []);
        else {
          // Only the shard of "ij" and the chunk of the one result.
          assert.deepEqual(partLoads.filter((p) => p.startsWith('terms-')), ['terms-ij.js']);
          assert.equal(partLoads.filter((p) => p.startsWith('docs-')).length, 1, partLoads.join());
        }
        assert.equal(await hits(page).count(), 1);
        const hit = hits(page).first();
        assert.equal(await hit.locator('.search-title').textContent(),
          "Complete a bachelor's degree in guidance and counselling");
        assert.match(await hit.locator('.search-context').textContent(), /Counsellor education · School counsellor career roadmap/);
        assert.equal(await hit.locator('.search-snippet mark').textContent(), 'ijazah');
        assert.equal(await page.locator('#site-search-results .search-group').textContent(), 'Checklist items');
        assert.equal(await box(page).getAttribute('aria-expanded'), 'true');
        await page.locator('form[role="search"] [role="status"]').filter({ hasText: '1 result' }).waitFor({ state: 'attached' });
        await Promise.all([page.waitForURL((u) => u.hash === `#${ITEM_ANCHOR}`), hit.click()]);
        assert.equal(page.url(), expected);
        assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), ITEM_ANCHOR);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }

    test('from a stage page over HTTP, a word of an item\u2019s evidence finds the item', async () => {
      await findsTheItem(base + START_PAGE, `${base}${ITEM_PAGE}#${ITEM_ANCHOR}`);
    });

    test('the same from file://', async () => {
      await findsTheItem(fileUrl(site, START_PAGE), `${fileUrl(site, ITEM_PAGE)}#${ITEM_ANCHOR}`);
    });

    test('keyboard: arrows move through the results, Escape closes then clears, Enter opens the first', async () => {
      const { page, context, errors } = await open(base + START_PAGE);
      try {
        const input = box(page);
        await input.focus();
        await input.fill('mentor');
        await hitsFor(page, 'mentor').nth(2).waitFor();
        const focused = () => page.evaluate(() => {
          const a = document.activeElement;
          return a.id || a.getAttribute('href');
        });
        const all = await hits(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(all.length >= 3);
        await page.keyboard.press('ArrowDown');
        assert.equal(await focused(), all[0]);
        await page.keyboard.press('ArrowDown');
        assert.equal(await focused(), all[1]);
        await page.keyboard.press('End');
        assert.equal(await focused(), all[all.length - 1]);
        await page.keyboard.press('Home');
        assert.equal(await focused(), all[0]);
        await page.keyboard.press('ArrowUp');
        assert.equal(await focused(), 'site-search-input');
        await page.keyboard.press('Tab');
        assert.equal(await focused(), all[0], 'Tab reaches the results');
        await page.keyboard.press('Escape');
        assert.equal(await focused(), 'site-search-input');
        assert.equal(await page.locator('#site-search-results').isHidden(), true);
        assert.equal(await input.getAttribute('aria-expanded'), 'false');
        assert.equal(await input.inputValue(), 'mentor', 'the first Escape only closes');
        await page.keyboard.press('ArrowDown');
        assert.equal(await focused(), all[0], 'ArrowDown reopens the results');
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');
        assert.equal(await input.inputValue(), '', 'the second Escape clears');
        await input.fill('mentor');
        await hitsFor(page, 'mentor').first().waitFor();
        const first = await hits(page).first().evaluate((a) => a.href);
        await Promise.all([page.waitForURL(first), page.keyboard.press('Enter')]);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

    test('Enter before search.js and the index have loaded opens the first result once they have', async () => {
      const { page, context, errors } = await open(base + START_PAGE);
      try {
        // Hold the index files back until Enter has been pressed.
        let release;
        const held = new Promise((r) => { release = r; });
        await page.route(/search(\.js|-index\.js|\/.*\.js)$/, async (route) => { await held; await route.continue(); });
        await box(page).fill(EVIDENCE_WORD);
        await box(page).press('Enter');
        release();
        await page.waitForURL((u) => u.hash === `#${ITEM_ANCHOR}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

    test('results: grouped, capped, announced, focus visible, fits 360 px', async () => {
      const { page, context, errors } = await open(base + START_PAGE, { viewport: { width: 360, height: 740 } });
      try {
        await box(page).focus();
        await box(page).fill('mentor');
        await hitsFor(page, 'mentor').first().waitFor();
        const groups = await page.locator('#site-search-results .search-group').allTextContents();
        assert.ok(groups.includes('Checklist items') && groups.includes('Stages'), groups.join());
        const marks = await page.locator('#site-search-results .search-title mark').allTextContents();
        assert.ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === 'mentor'), marks.join());
        await page.locator('form[role="search"] [role="status"]').filter({ hasText: /^\d+ results$/ }).waitFor({ state: 'attached' });
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no sideways scrolling');
        const panel = await page.locator('#site-search-results').boundingBox();
        assert.ok(panel.x >= 0 && panel.x + panel.width <= 360, JSON.stringify(panel));
        await page.keyboard.press('ArrowDown');
        const outline = await hits(page).first().evaluate((a) => getComputedStyle(a).outlineStyle);
        assert.equal(outline, 'solid', 'the focused result shows a focus outline');
        if (form === 'one') await page.screenshot({ path: artifact('search-360.png') });
        await box(page).fill('e');
        if (form === 'one') {
          // A one-letter query matches far more than the cap.
          await page.locator('#site-search-results[data-query="e"] .search-more').waitFor();
          assert.equal(await hits(page).count(), 50);
        } else {
          // A split index waits for a second letter.
          await page.waitForFunction(() => {
            const panel = document.getElementById('site-search-results');
            return panel.getAttribute('data-query') === 'e' && panel.hidden;
          });
          assert.equal(await box(page).getAttribute('aria-expanded'), 'false');
          await box(page).fill('co');
          await page.locator('#site-search-results[data-query="co"] .search-more').waitFor();
          assert.equal(await hits(page).count(), 50);
          const count = await page.locator('#site-search-results .search-count').textContent();
          assert.ok(Number(count.match(/\d+/)[0]) > 50, count);
        }
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

    for (const colorScheme of ['light', 'dark']) {
      test(`axe: the open results have no serious or critical violation (${colorScheme})`, async () => {
        // axe is injected as an inline script, which the pages' Content-Security-Policy forbids.
        const { page, context, errors } = await open(base + START_PAGE, { bypassCSP: true, colorScheme });
        try {
          await box(page).fill('mentoring plan');
          await hitsFor(page, 'mentoring plan').first().waitFor();
          await page.addScriptTag({ path: AXE });
          const result = await page.evaluate(() => window.axe.run('form[role="search"]', { resultTypes: ['violations'] }));
          const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }

    test('index text is shown as text, never as HTML', async () => {
      const { page, context, errors } = await open(base + START_PAGE);
      try {
        const evil = '<img src=x class=injected>';
        const js = (body) => ({ contentType: 'text/javascript', body });
        const entry = ['page', `Mentor ${evil}`, 'about/', evil, `mentor ${evil}`];
        if (form === 'one') {
          await page.route('**/search-index.js', (route) => route.fulfill(js(
            `window.jenjangSearch = ${JSON.stringify({ version: 2, lang: 'en', docs: [entry] })};`)));
        } else {
          await page.route('**/search-index.js', (route) => route.fulfill(js(
            `window.jenjangSearch = ${JSON.stringify({ version: 2, lang: 'en', entries: 1, chunks: [0], terms: ['me'] })};`)));
          await page.route('**/search/terms-me.js', (route) => route.fulfill(js('jenjangSearch.addTerms("me", {"mentor": [1]});')));
          await page.route('**/search/docs-0.js', (route) => route.fulfill(js(`jenjangSearch.addDocs(0, ${JSON.stringify([entry])});`)));
        }
        await box(page).fill('mentor');
        await hitsFor(page, 'mentor').first().waitFor();
        assert.equal(await page.locator('img.injected').count(), 0);
        assert.equal(await hits(page).first().locator('.search-title').textContent(), `Mentor ${evil}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

    const broken = form === 'one' ? ['search-index.js'] : ['search-index.js', 'search/terms-*.js', 'search/docs-*.js'];
    for (const file of broken) {
      test(`an index that fails to load shows an error line (${file})`, async () => {
        const { page, context } = await open(base + START_PAGE);
        try {
          await page.route(`**/${file}`, (route) => route.abort());
          await box(page).fill('mentor');
          await page.locator('#site-search-results .search-error').waitFor();
          assert.equal(await box(page).getAttribute('aria-expanded'), 'true');
          // Used again, the box tries again.
          await page.unroute(`**/${file}`);
          await box(page).blur();
          await box(page).focus();
          await box(page).fill('mentors');
          await hitsFor(page, 'mentors').first().waitFor();
        } finally {
          await context.close();
        }
      });
    }

    test('without JavaScript the box is not shown', async () => {
      const { page, context } = await open(base + START_PAGE, { javaScriptEnabled: false });
      try {
        assert.equal(await page.locator('form[role="search"]').isHidden(), true);
      } finally {
        await context.close();
      }
    });
  });
}

// A word of the Indonesian version only: the evidence of the item `teaching-practice` of the
// teacher roadmap's stage `teacher-education` (content/roadmaps/teacher-career.yaml), in a case
// the content does not use.
const ID_EVIDENCE_WORD = 'PAMONG';
const ID_ITEM_ANCHOR = 'ck-teacher-career-teacher-education-teaching-practice';
const ID_ITEM_PAGE = 'roadmaps/teacher-career/teacher-education/index.html';
const ID_START_PAGE = 'roadmaps/teacher-career/exploration/index.html';

for (const form of ['one', 'split']) {
  test(`an Indonesian page, at the root, searches the Indonesian index from file:// (${form === 'one' ? 'one index file' : 'split index'})`, async () => {
    const site = sites[form];
    const context = await browser.newContext();
    try {
      const page = await newPage(context);
      const loads = [];
      const prefix = fileUrl(site, 'x').slice(0, -1);
      page.on('request', (r) => { if (/search/.test(r.url())) loads.push(r.url().slice(prefix.length)); });
      await page.goto(fileUrl(site, ID_START_PAGE));
      await page.locator('#site-search-input').fill(ID_EVIDENCE_WORD);
      const hits = page.locator(`#site-search-results[data-query="${ID_EVIDENCE_WORD}"] a.search-hit`);
      await hits.first().waitFor();
      assert.equal(await hits.count(), 1);
      const hit = hits.first();
      assert.equal(await hit.locator('.search-title').textContent(), 'Selesaikan praktik pengalaman lapangan (PPL) yang dibimbing');
      assert.match(await hit.locator('.search-context').textContent(), /Pendidikan calon guru · Peta jalan karier guru/);
      assert.equal(await hit.locator('.search-snippet mark').textContent(), 'pamong');
      assert.equal(await page.locator('#site-search-results .search-group').textContent(), 'Butir daftar periksa');
      assert.equal(await hit.getAttribute('href'), `../../../${ID_ITEM_PAGE}#${ID_ITEM_ANCHOR}`);
      assert.ok(loads.length > 0 && loads.every((l) => l.startsWith('search') || l === 'assets/search.js'), loads.join());
      await Promise.all([page.waitForURL((u) => u.hash === `#${ID_ITEM_ANCHOR}`), hit.click()]);
      assert.equal(page.url(), `${fileUrl(site, ID_ITEM_PAGE)}#${ID_ITEM_ANCHOR}`);
      // The English index does not know the word.
      await page.goto(fileUrl(site, START_PAGE));
      await page.locator('#site-search-input').fill(ID_EVIDENCE_WORD);
      await page.locator(`#site-search-results[data-query="${ID_EVIDENCE_WORD}"]`).filter({ hasText: 'No results' }).waitFor();
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
}

// ---- Timing on a big site (opt-in) -------------------------------------------------------------

const bench = process.env.JENJANG_SEARCH_BENCH;
test('load + first query time on a big site', { skip: !bench && 'set JENJANG_SEARCH_BENCH' }, async (t) => {
  const queries = (process.env.JENJANG_SEARCH_BENCH_QUERY || 'mentor').split(',');
  const throttle = Number(process.env.JENJANG_SEARCH_BENCH_CPU || 1);
  const dir = resolve(bench);
  const big = await serve({ '/': dir });
  /** The size of the index files a page requested, as KB on disk and gzipped. */
  const size = (urls) => {
    let raw = 0, gz = 0;
    for (const u of urls) {
      const rel = decodeURIComponent(u.startsWith('file:') ? fileURLToPath(u).slice(dir.length) : new URL(u).pathname);
      const bytes = readFileSync(join(dir, rel));
      raw += bytes.length;
      gz += gzipSync(bytes).length;
    }
    return `${(raw / 1024).toFixed(0)} KB (${(gz / 1024).toFixed(0)} KB gzipped)`;
  };
  try {
    for (const query of queries) {
      for (const [name, at] of [['http', big.url + '/'], ['file', fileUrl(dir, 'index.html')]]) {
        const context = await browser.newContext();
        const page = await newPage(context);
        const loaded = [];
        page.on('request', (r) => { if (/search-index\.js$|\/search\/[^/]+\.js$/.test(r.url())) loaded.push(r.url()); });
        try {
          await page.goto(at);
          await page.locator('#site-search-input').waitFor();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Performance.enable');
          if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
          const metrics = async () => Object.fromEntries(
            (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
          const m0 = await metrics();
          const ms = await page.evaluate((q) => new Promise((done) => {
            const input = document.getElementById('site-search-input');
            const panel = document.getElementById('site-search-results');
            const start = performance.now();
            new MutationObserver((_, obs) => {
              if (panel.querySelector('a.search-hit')) { obs.disconnect(); done(performance.now() - start); }
            }).observe(panel, { childList: true, subtree: true });
            input.focus();
            input.value = q;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }), query);
          const m1 = await metrics();
          const cpu = (k) => ((m1[k] - m0[k]) * 1000).toFixed(0);
          const count = await page.locator('#site-search-results .search-count').textContent();
          const first = loaded.length, firstSize = size(loaded);
          const again = await page.evaluate((q) => new Promise((done) => {
            const input = document.getElementById('site-search-input');
            const panel = document.getElementById('site-search-results');
            const start = performance.now();
            new MutationObserver((_, obs) => {
              if (panel.getAttribute('data-query') === q && panel.querySelector('a.search-hit, .search-message:not(:empty)')) {
                obs.disconnect();
                done(performance.now() - start);
              }
            }).observe(panel, { childList: true, subtree: true, attributes: true });
            input.value = q;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }), query + 's');
          t.diagnostic(`${name}: focus to first results for "${query}": ${ms.toFixed(0)} ms (${count}; `
            + `loaded ${first} files, ${firstSize}; `
            + `main-thread CPU ${cpu('ThreadTime')} ms, script wall time ${cpu('ScriptDuration')} ms, `
            + `JS heap ${(m1.JSHeapUsedSize / 1048576).toFixed(1)} MB); `
            + `next query "${query}s" incl. 100 ms debounce: ${again.toFixed(0)} ms`);
          assert.deepEqual(page.errors, []);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await big.close();
  }
});
