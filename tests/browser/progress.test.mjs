// Unit tests of the progress arithmetic in jenjang.js, run in node without a DOM: the file
// exports its pure functions when `module` exists (never in a browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, build, cleanup } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const J = require(path.join(ROOT, "themes/default/static/jenjang.js"));

// The cases src/model/progress.rs checks too: the same arithmetic in Rust and in the browser.
const CASES = JSON.parse(readFileSync(path.join(ROOT, "tests/data/progress-cases.json"), "utf8"));
const scaleOf = (mins) => ({
  bands: mins.map((min, i) => ({ min, score: 90 - 10 * i, label: `band ${i}`, range: `r${i}` })),
  below: null,
});

test("the shared progress cases", () => {
  assert.ok(CASES.length >= 10);
  for (const c of CASES) {
    const on = new Set();
    const made = (it, key) => {
      if (it.ticked) on.add(key);
      const m = { key, weight: it.weight === undefined ? 1 : it.weight, required: it.required === undefined ? true : it.required };
      if (it.items) { m.items = it.items.map((s, j) => made(s, `${key}/s${j}`)); m.choose = it.choose; }
      return m;
    };
    const items = c.items.map((it, i) => made(it, `r/s/i${i}`));
    const ticked = (k) => on.has(k);
    const scale = scaleOf(c.bands), pr = J.progress(items, ticked);
    assert.equal(pr.percent, c.percent, `${c.name}: percent`);
    assert.equal(J.shown(pr.percent), c.shown, `${c.name}: shown`);
    assert.equal(pr.complete, c.complete, `${c.name}: complete`);
    assert.deepEqual([pr.optionalDone, pr.optionalCount], c.optional, `${c.name}: optional`);
    const r = J.rate(pr.percent, scale);
    assert.equal(r.below ? null : scale.bands[r.index].min, c.band, `${c.name}: band`);
    const next = J.nextBand(items, ticked, scale);
    assert.deepEqual(next && [next.items, scale.bands[next.band.index].min], c.next, `${c.name}: next band`);
  }
});

// The example site's performance achievement scale, as the build writes it in `data-scale`.
const SCALE = {
  bands: [
    { min: 91, score: 90, label: "Very good (Sangat Baik)", range: "91–100 %" },
    { min: 76, score: 80, label: "Good (Baik)", range: "76–90 %" },
    { min: 61, score: 70, label: "Fair (Cukup)", range: "61–75 %" },
    { min: 51, score: 60, label: "Poor (Kurang)", range: "51–60 %" },
  ],
  below: { label: "Not rated", range: "0–50 %" },
  assessed: ["06-30", "12-31"],
};

// The English strings the page reads from the theme (the js_ keys of i18n/en.yaml).
const T = Object.fromEntries(readFileSync(path.join(ROOT, "themes/default/i18n/en.yaml"), "utf8")
  .split("\n").map((l) => l.match(/^(js_\w+): "(.*)"$/)).filter(Boolean).map((m) => [m[1], m[2]]));

const item = (key, required = true, weight = 1) => ({ key, weight, required });
const ticks = (...names) => (key) => names.includes(key);

test("the lines a reader sees: required items only, optional counted apart", () => {
  const items = ["a", "b", "c", "d"].map((k) => item(k)).concat([item("o", false)]);
  const line = (...on) => J.describe(J.progress(items, ticks(...on)), { ...SCALE, assessed: [] }, T,
    { next: J.nextBand(items, ticks(...on), SCALE) });
  assert.deepEqual(line("a", "b"), ["2 of 4 required items done · 50% · 0 of 1 optional items done",
    "On the scale: Not rated (0–50 %)", "1 more item to reach Fair (Cukup)"]);
  assert.deepEqual(line("a", "b", "c", "o"), ["3 of 4 required items done · 75% · 1 of 1 optional items done",
    "On the scale: Fair (Cukup) (61–75 %), score 70", "1 more item to reach Very good (Sangat Baik)"]);
  // Every required item ticked, the optional one open: 100 %, the top band, complete.
  assert.deepEqual(line("a", "b", "c", "d"), ["4 of 4 required items done · 100% · 0 of 1 optional items done",
    "On the scale: Very good (Sangat Baik) (91–100 %), score 90", "✓ complete: every required item is done"]);
  const none = [item("x", false), item("y", false)];
  assert.deepEqual(J.describe(J.progress(none, ticks("x")), null, T), ["1 of 2 items done · 50%"]);
  const ten = "abcdefghij".split("").map((k) => item(k));
  const six = ticks(..."abcdef".split(""));
  assert.deepEqual(J.nextBand(ten, six, SCALE), { items: 1, band: J.rate(70, SCALE) });
  assert.equal(J.describe(J.progress(ten, ticks(..."abcd".split(""))), SCALE, T,
    { next: J.nextBand(ten, ticks(..."abcd".split("")), SCALE) })[2], "2 more items to reach Poor (Kurang)");
});

test("a scale with assessment days: the rating if assessed today, and the next day", () => {
  const pr = J.progress([item("a"), item("b")], ticks("a", "b"));
  assert.deepEqual(J.describe(pr, SCALE, T, { nextDate: "31 December 2026" }).slice(0, 2), ["2 of 2 required items done · 100%",
    "If assessed today: Very good (Sangat Baik) (91–100 %), score 90; next assessment 31 December 2026"]);
  const on = (y, m, d) => { const x = J.nextAssessment(SCALE.assessed, new Date(y, m - 1, d, 15, 30)); return [x.getFullYear(), x.getMonth() + 1, x.getDate()]; };
  assert.deepEqual(on(2026, 6, 29), [2026, 6, 30]);
  assert.deepEqual(on(2026, 6, 30), [2026, 6, 30], "an assessment day is its own next assessment");
  assert.deepEqual(on(2026, 7, 1), [2026, 12, 31]);
  assert.deepEqual(on(2026, 12, 30), [2026, 12, 31]);
  assert.deepEqual(on(2026, 12, 31), [2026, 12, 31]);
  assert.deepEqual(on(2027, 1, 1), [2027, 6, 30], "the year's end rolls over to the next year");
  assert.equal(J.nextAssessment([], new Date()), null);
  assert.deepEqual(J.nextAssessment(["03-01"], new Date(2028, 1, 29)).getMonth(), 2, "a leap day is before 1 March");
});

test("bands: the whole percentage is placed, ranges come from the build", () => {
  assert.deepEqual(J.rate(100, SCALE), { index: 0, score: 90, label: "Very good (Sangat Baik)", range: "91–100 %" });
  assert.equal(J.rate(90.99, SCALE).index, 1);
  assert.equal(J.rate(75.999, SCALE).index, 2);
  assert.deepEqual(J.rate(50.99, SCALE), { below: true, label: "Not rated", range: "0–50 %" });
  const unnamed = { bands: SCALE.bands, below: { label: null, range: "0–50 %" } };
  assert.deepEqual(J.rate(10, unnamed), { below: true, label: null, range: "0–50 %" });
  const pr = J.progress([item("a"), item("b"), item("c"), item("d")], ticks("a"));
  assert.equal(J.describe(pr, unnamed, T)[1], "On the scale: below the scale (0–50 %)");
});

test("import checks: format, version, site and every entry", () => {
  const ok = { format: "jenjang-progress", version: 1, site: "s", items: { "r/s/i": { ticked: true, note: "n", updated: "2026-01-01T00:00:00.000Z" } } };
  assert.equal(J.check(ok, "s"), null);
  assert.deepEqual(J.check(null, "s"), ["bad"]);
  assert.deepEqual(J.check([], "s"), ["bad"]);
  assert.deepEqual(J.check({ ...ok, format: "other" }, "s"), ["bad"]);
  assert.deepEqual(J.check({ ...ok, version: 2 }, "s"), ["version", "2"]);
  assert.deepEqual(J.check(ok, "other-site"), ["site", "s"]);
  assert.deepEqual(J.check({ ...ok, items: [] }, "s"), ["bad"]);
  for (const bad of [{ ticked: "yes", updated: "2026-01-01" }, { ticked: true }, { ticked: true, updated: 5 },
    { ticked: true, updated: "not a date" }, { ticked: true, note: 3, updated: "2026-01-01" }, null]) {
    assert.deepEqual(J.check({ ...ok, items: { "r/s/i": bad } }, "s"), ["bad"], JSON.stringify(bad));
  }
  assert.deepEqual(J.check({ ...ok, items: { "../x": ok.items["r/s/i"] } }, "s"), ["bad"]);
  assert.deepEqual(J.check({ ...ok, items: { "r": ok.items["r/s/i"] } }, "s"), ["bad"]);
  assert.equal(J.check({ ...ok, items: { "m/i": { ticked: false, updated: "2026-01-01" } } }, "s"), null);
});

test("merge: per item, the newer `updated` wins, and the changes are counted", () => {
  const local = {
    "r/s/a": { ticked: true, note: "", updated: "2026-03-01T00:00:00Z" },
    "r/s/b": { ticked: false, note: "", updated: "2026-03-01T00:00:00Z" },
    "r/s/c": { ticked: true, note: "mine", updated: "2026-03-05T00:00:00Z" },
  };
  const incoming = {
    "r/s/a": { ticked: false, note: "", updated: "2026-03-02T00:00:00Z" }, // newer: untick
    "r/s/b": { ticked: true, note: "x", updated: "2026-02-01T00:00:00Z" }, // older: ignored
    "r/s/c": { ticked: false, note: "theirs", updated: "2026-03-05T00:00:00Z" }, // same time: local kept
    "r/s/d": { ticked: true, updated: "2026-01-01T00:00:00Z" }, // new
    "r/s/e": { ticked: true, note: "hello", updated: "2026-01-01T00:00:00Z" }, // new, with a note
  };
  const r = J.merge(local, incoming);
  assert.equal(r.ticksAdded, 2);
  assert.equal(r.ticksRemoved, 1);
  assert.equal(r.notes, 1);
  assert.equal(r.items["r/s/a"].ticked, false);
  assert.equal(r.items["r/s/b"].ticked, false);
  assert.equal(r.items["r/s/c"].note, "mine");
  assert.deepEqual(r.items["r/s/d"], { ticked: true, note: "", updated: "2026-01-01T00:00:00Z" });
  assert.equal(local["r/s/d"], undefined, "the local state is not changed in place");
});

test("orphans: stored ticks and notes under the page's scope that the page does not have", () => {
  const items = {
    "r/s/a": { ticked: true, updated: "x" }, "r/s/gone": { ticked: true, updated: "x" },
    "r/s/note-only": { ticked: false, note: "n", updated: "x" }, "r/s/unticked": { ticked: false, note: "", updated: "x" },
    "r/other/x": { ticked: true, updated: "x" }, "rr/s/x": { ticked: true, updated: "x" },
  };
  assert.deepEqual(J.orphans(items, "r/s", new Set(["r/s/a"])), ["r/s/gone", "r/s/note-only"]);
  assert.deepEqual(J.orphans(items, "r", new Set(["r/s/a"])).sort(), ["r/other/x", "r/s/gone", "r/s/note-only"]);
});

test("the shipped script: ES2017 syntax, no dependencies", async () => {
  const { parse } = await import("acorn");
  const file = path.join(ROOT, "themes/default/static/jenjang.js");
  const source = readFileSync(file, "utf8");
  // Throws on anything newer than ES2017 (object spread, optional chaining, ?? …).
  parse(source, { ecmaVersion: 2017, sourceType: "script" });
  assert.doesNotMatch(source, /\b(import|require)\s*\(|\beval\s*\(|new Function\b|innerHTML|\.style\b/);
});

test("the built scripts, minified by the build, still parse as ES2017 and keep their behaviour", async () => {
  const { parse } = await import("acorn");
  const out = build();
  try {
    for (const name of ["jenjang.js", "search.js"]) {
      const built = readFileSync(path.join(out, "assets", name), "utf8");
      const source = readFileSync(path.join(ROOT, "themes/default/static", name), "utf8");
      parse(built, { ecmaVersion: 2017, sourceType: "script" });
      assert.ok(built.length < source.length, `${name} is minified`);
      if (name === "jenjang.js") assert.ok(built.length < 16 * 1024, `the built jenjang.js is ${built.length} bytes`);
    }
    const built = require(path.join(out, "assets/jenjang.js"));
    const items = [{ key: "a", weight: 1, required: true }, { key: "b", weight: 1, required: true }];
    assert.deepEqual(built.progress(items, (k) => k === "a"), J.progress(items, (k) => k === "a"));
  } finally {
    cleanup();
  }
});
