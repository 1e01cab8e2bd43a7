// Browser tests of the default theme's search box (themes/default/static/search.js).
//
//   cd tests/browser && npm install && node --test search.test.mjs
//
// Builds the example site with the binary at $JENJANG_BIN (default target/debug/jenjang) into a
// temporary folder and drives /usr/bin/chromium ($CHROMIUM) with playwright-core, over HTTP and
// from file://. A screenshot at 360 px goes to target/browser-artifacts/search-360.png.
//
// Optional timing on a big site: JENJANG_SEARCH_BENCH=<built site folder> (e.g. the public/ of
// `cargo run --release --example gen-corpus -- 10000 /dev/shm/jenjang-10k --force`, built) and
// JENJANG_SEARCH_BENCH_QUERY (default "mentor") report the index load + first query time.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parse } from 'acorn';
import { artifact, AXE, build, cleanup, fileUrl, launch, newPage, ROOT, serve } from './helpers.mjs';

const SCRIPT = join(ROOT, 'themes/default/static/search.js');
const lib = createRequire(import.meta.url)(SCRIPT);

// A word that occurs only in the evidence of one checklist item of the example site
// (content/roadmaps/counsellor-career.yaml, stage `preparation`, item `bk-degree`), in a case
// the content does not use.
const EVIDENCE_WORD = 'IJAZAH';
const ITEM_ANCHOR = 'ck-counsellor-career-preparation-bk-degree';
const ITEM_PAGE = 'roadmaps/counsellor-career/preparation/index.html';
const START_PAGE = 'roadmaps/teacher-career/exploration/index.html';

// ---- The matching functions, in node ---------------------------------------------------------

describe('normalise and match', () => {
  test('the script is ES2017', () => {
    assert.doesNotThrow(() => parse(readFileSync(SCRIPT, 'utf8'), { ecmaVersion: 2017, sourceType: 'script' }));
  });

  test('lower-cases, strips accents and treats punctuation as separators', () => {
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
    const many = lib.prepare(Array.from({ length: 120 }, (_, i) => ['item', `Mentor ${i}`, `p/#${i}`, '', '']));
    const found = lib.search(many, 'mentor', 50);
    assert.equal(found.total, 120);
    assert.equal(found.results.length, 50);
  });

  test('highlights the original text, accents included', () => {
    assert.deepEqual(lib.ranges('Un café, Cafe\u0301!', ['cafe']), [[3, 7], [9, 14]]);
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

// ---- The search box, in Chromium ------------------------------------------------------------

describe('search box', () => {
  let site, server, base, browser;

  before(async () => {
    site = build();
    server = await serve({ '/': site });
    base = server.url + '/';
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    cleanup();
  });

  /** A new page at `url`, recording console errors, page errors and index requests. */
  async function open(url, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
    const page = await newPage(context);
    const indexLoads = [];
    page.on('request', (r) => { if (r.url().endsWith('search-index.js')) indexLoads.push(r.url()); });
    await page.goto(url);
    return { page, context, errors: page.errors, indexLoads };
  }

  const box = (page) => page.locator('#site-search-input');
  const hits = (page) => page.locator('#site-search-results a.search-hit');
  /** The results once the panel shows those of `query`. */
  const hitsFor = (page, query) => page.locator(`#site-search-results[data-query="${query}"] a.search-hit`);

  async function findsTheItem(url, expected) {
    const { page, context, errors, indexLoads } = await open(url);
    try {
      await page.locator('form[role="search"]').waitFor({ state: 'visible' });
      assert.equal(indexLoads.length, 0, 'the index is loaded only when the box is used');
      await box(page).focus();
      await box(page).pressSequentially(EVIDENCE_WORD);
      await hitsFor(page, EVIDENCE_WORD).first().waitFor();
      assert.equal(indexLoads.length, 1);
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
      await page.screenshot({ path: artifact('search-360.png') });
      // A one-letter query matches far more than the cap.
      await box(page).fill('e');
      await page.locator('#site-search-results[data-query="e"] .search-more').waitFor();
      assert.equal(await hits(page).count(), 50);
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
      await page.route('**/search-index.js', (route) => route.fulfill({
        contentType: 'text/javascript',
        body: `window.jenjangSearch = ${JSON.stringify({
          version: 1, lang: 'en', docs: [['page', `Mentor ${evil}`, 'about/', evil, `mentor ${evil}`]],
        })};`,
      }));
      await box(page).fill('mentor');
      await hitsFor(page, 'mentor').first().waitFor();
      assert.equal(await page.locator('img.injected').count(), 0);
      assert.equal(await hits(page).first().locator('.search-title').textContent(), `Mentor ${evil}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('an index that fails to load shows an error line', async () => {
    const { page, context } = await open(base + START_PAGE);
    try {
      await page.route('**/search-index.js', (route) => route.abort());
      await box(page).fill('mentor');
      await page.locator('#site-search-results .search-error').waitFor();
      assert.equal(await box(page).getAttribute('aria-expanded'), 'true');
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the box is not shown', async () => {
    const { page, context } = await open(base + START_PAGE, { javaScriptEnabled: false });
    try {
      assert.equal(await page.locator('form[role="search"]').isHidden(), true);
    } finally {
      await context.close();
    }
  });

  const bench = process.env.JENJANG_SEARCH_BENCH;
  test('load + first query time on a big site', { skip: !bench && 'set JENJANG_SEARCH_BENCH' }, async (t) => {
    const query = process.env.JENJANG_SEARCH_BENCH_QUERY || 'mentor';
    const big = await serve({ '/': resolve(bench) });
    try {
      for (const [name, at] of [['http', big.url + '/'], ['file', fileUrl(resolve(bench), 'index.html')]]) {
        const { page, context, errors } = await open(at);
        try {
          await box(page).waitFor();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Performance.enable');
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
          const cpu = (name) => ((m1[name] - m0[name]) * 1000).toFixed(0);
          const count = await page.locator('#site-search-results .search-count').textContent();
          const again = await page.evaluate((q) => new Promise((done) => {
            const input = document.getElementById('site-search-input');
            const panel = document.getElementById('site-search-results');
            const start = performance.now();
            new MutationObserver((_, obs) => { obs.disconnect(); done(performance.now() - start); })
              .observe(panel, { childList: true });
            input.value = q + 's';
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }), query);
          t.diagnostic(`${name}: focus to first results for "${query}": ${ms.toFixed(0)} ms (${count}; `
            + `main-thread CPU ${cpu('ThreadTime')} ms, script wall time ${cpu('ScriptDuration')} ms); `
            + `next query incl. 100 ms debounce: ${again.toFixed(0)} ms`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      }
    } finally {
      await big.close();
    }
  });
});
