// Unit tests of the progress arithmetic in jenjang.js, run in node without a DOM: the file
// exports its pure functions when `module` exists (never in a browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const J = require(path.join(ROOT, "themes/default/static/jenjang.js"));

// The example site's performance achievement scale, as the build writes it in `data-scale`.
const SCALE = {
  bands: [
    { min: 91, score: 90, label: "Very good (Sangat Baik)" },
    { min: 76, score: 80, label: "Good (Baik)" },
    { min: 61, score: 70, label: "Fair (Cukup)" },
    { min: 51, score: 60, label: "Poor (Kurang)" },
  ],
  below: { label: "Not rated" },
};
const NO_BELOW = { bands: SCALE.bands, below: null };

// The English strings the page reads from the theme (the js_ keys of i18n/en.yaml).
const T = Object.fromEntries(readFileSync(path.join(ROOT, "themes/default/i18n/en.yaml"), "utf8")
  .split("\n").map((l) => l.match(/^(js_\w+): "(.*)"$/)).filter(Boolean).map((m) => [m[1], m[2]]));

// The exploration stage of the teacher roadmap: weights 2, 1, 2, 1, 1 (required) and 1 (optional).
const EXPLORATION = [
  { key: "teacher-career/exploration/parent-meeting", weight: 2, required: true },
  { key: "teacher-career/exploration/parent-channel", weight: 1, required: true },
  { key: "teacher-career/exploration/mentoring-plan", weight: 2, required: true },
  { key: "teacher-career/exploration/classroom-workshop", weight: 1, required: true },
  { key: "teacher-career/exploration/peer-observation", weight: 1, required: true },
  { key: "teacher-career/exploration/reflection-journal", weight: 1, required: false },
];
const ticks = (...names) => (key) => names.some((n) => key.endsWith("/" + n));

test("weights: progress is ticked weight over total weight", () => {
  assert.deepEqual(J.progress(EXPLORATION, ticks()), { done: 0, count: 6, percent: 0, complete: false });
  assert.equal(J.progress(EXPLORATION, ticks("parent-meeting")).percent, 25);
  assert.equal(J.progress(EXPLORATION, ticks("parent-channel")).percent, 12.5);
  assert.equal(J.progress(EXPLORATION, ticks("parent-meeting", "mentoring-plan", "parent-channel")).percent, 62.5);
  const all = J.progress(EXPLORATION, () => true);
  assert.deepEqual(all, { done: 6, count: 6, percent: 100, complete: true });
});

test("required items: complete when every required item is ticked, optional ones aside", () => {
  const required = ticks("parent-meeting", "parent-channel", "mentoring-plan", "classroom-workshop", "peer-observation");
  const pr = J.progress(EXPLORATION, required);
  assert.equal(pr.complete, true);
  assert.equal(pr.percent, 87.5);
  assert.equal(J.progress(EXPLORATION, ticks("parent-meeting", "reflection-journal")).complete, false);
  // A checklist of optional items only is complete when all are ticked; an empty one never is.
  const optional = [{ key: "a/b/c", weight: 1, required: false }, { key: "a/b/d", weight: 1, required: false }];
  assert.equal(J.progress(optional, ticks("c")).complete, false);
  assert.equal(J.progress(optional, ticks("c", "d")).complete, true);
  assert.deepEqual(J.progress([], () => true), { done: 0, count: 0, percent: 0, complete: false });
});

test("fractional weights: float sums do not fall under a band boundary", () => {
  const items = [0.1, 0.2, 0.3, 0.4].map((w, i) => ({ key: `a/b/i${i}`, weight: w, required: true }));
  assert.equal(J.progress(items, () => true).percent, 100);
  assert.equal(J.progress(items, (k) => k !== "a/b/i0").percent, 90);
  assert.equal(J.shown(J.progress(items, (k) => k !== "a/b/i0").percent), 90);
});

test("bands: a band covers [min, next min), the highest includes 100", () => {
  assert.deepEqual(J.rate(100, SCALE), { score: 90, label: "Very good (Sangat Baik)" });
  assert.deepEqual(J.rate(91, SCALE), { score: 90, label: "Very good (Sangat Baik)" });
  assert.deepEqual(J.rate(90.99, SCALE), { score: 80, label: "Good (Baik)" });
  assert.deepEqual(J.rate(76, SCALE), { score: 80, label: "Good (Baik)" });
  assert.deepEqual(J.rate(75.999, SCALE), { score: 70, label: "Fair (Cukup)" });
  assert.deepEqual(J.rate(51, SCALE), { score: 60, label: "Poor (Kurang)" });
  // Bands in any order give the same answer.
  const lowHigh = { bands: SCALE.bands.slice().reverse(), below: null };
  assert.deepEqual(J.rate(83, lowHigh), { score: 80, label: "Good (Baik)" });
});

test("uncovered range: the `below` label, else below scale", () => {
  assert.deepEqual(J.rate(50.99, SCALE), { below: true, label: "Not rated" });
  assert.deepEqual(J.rate(0, SCALE), { below: true, label: "Not rated" });
  assert.deepEqual(J.rate(50.99, NO_BELOW), { below: true, label: null });
  const pr = { done: 1, count: 6, percent: 25, complete: false };
  assert.equal(J.describe(pr, SCALE, T), "1 of 6 done · 25% — Not rated");
  assert.equal(J.describe(pr, NO_BELOW, T), "1 of 6 done · 25% — below scale");
  assert.equal(J.describe(pr, null, T), "1 of 6 done · 25%");
});

test("the shown percentage is rounded down, so it stays in its band", () => {
  assert.equal(J.shown(90.99), 90);
  assert.equal(J.shown(99.99), 99);
  assert.equal(J.shown(100), 100);
  assert.equal(J.shown(83.333333), 83);
  const pr = { done: 5, count: 6, percent: (100 * 5) / 6, complete: false };
  assert.equal(J.describe(pr, SCALE, T), "5 of 6 done · 83% — score 80, Good (Baik)");
});

test("the lines the exploration stage shows, tick by tick", () => {
  const order = ["parent-meeting", "mentoring-plan", "parent-channel", "classroom-workshop", "peer-observation", "reflection-journal"];
  const lines = order.map((_, i) => J.describe(J.progress(EXPLORATION, ticks(...order.slice(0, i + 1))), SCALE, T));
  assert.deepEqual(lines, [
    "1 of 6 done · 25% — Not rated",
    "2 of 6 done · 50% — Not rated",
    "3 of 6 done · 62% — score 70, Fair (Cukup)",
    "4 of 6 done · 75% — score 70, Fair (Cukup)",
    "5 of 6 done · 87% — score 80, Good (Baik) · ✓ complete: every required item is done",
    "6 of 6 done · 100% — score 90, Very good (Sangat Baik) · ✓ complete: every required item is done",
  ]);
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

test("the shipped script: ES2017 syntax, no dependencies, small", async () => {
  const { parse } = await import("acorn");
  const file = path.join(ROOT, "themes/default/static/jenjang.js");
  const source = readFileSync(file, "utf8");
  // Throws on anything newer than ES2017 (object spread, optional chaining, ?? …).
  parse(source, { ecmaVersion: 2017, sourceType: "script" });
  assert.doesNotMatch(source, /\b(import|require)\s*\(|\beval\s*\(|new Function\b|innerHTML|\.style\b/);
  assert.ok(Buffer.byteLength(source) < 16 * 1024, `jenjang.js is ${Buffer.byteLength(source)} bytes`);
});
