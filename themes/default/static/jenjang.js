/* jenjang.js: a reader's checklist ticks and notes, kept in this browser (localStorage) in the
   format of docs/progress-format.md. No dependencies, ES2017. The pure functions first. */
(function () {
"use strict";
const FORMAT = "jenjang-progress", VERSION = 1;
const KEY = /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*){1,3}$/;
const fmt = (s, v) => String(s).replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
const clean = (x) => Math.round(x * 1e6) / 1e6; // a float sum of 90.99999999 is 91
// Rounded down: 100% only when all is done, and the number shown stays in its band.
const shown = (p) => Math.floor(clean(p));

// The arithmetic of docs/progress-format.md, the same as src/model/progress.rs (both are tested
// against tests/data/progress-cases.json). items: [{key, weight, required, items?, choose?}];
// ticked: key => bool. Progress is over the required items (over all of them when none is);
// optional ones are counted apart and never lower it; a complete checklist is exactly 100 %.
// A group (an item with `items`) counts as one item, done when `choose` of its sub-items are
// ticked, or else when all its required ones are.
const isOn = (it, ticked) => (it.items ? groupDone(it.items, it.choose, ticked) : !!ticked(it.key));
function groupDone(subs, choose, ticked) {
  return choose ? subs.filter((s) => ticked(s.key)).length >= choose : progress(subs, ticked).complete;
}
function progress(items, ticked) {
  const all = !items.some((it) => it.required);
  let done = 0, count = 0, got = 0, total = 0, optionalDone = 0, optionalCount = 0;
  items.forEach((it) => {
    const on = isOn(it, ticked);
    if (it.required || all) {
      count++; total += it.weight;
      if (on) { done++; got += it.weight; }
    } else {
      optionalCount++;
      if (on) optionalDone++;
    }
  });
  const complete = count > 0 && done === count;
  return { done, count, all, optionalDone, optionalCount, complete,
    percent: complete ? 100 : total > 0 ? Math.min(100, clean((100 * got) / total)) : 0 };
}

// scale: {bands: [{min, score, label, range}] high → low, below: {label, range} | null}.
// The whole percentage a reader sees is what is placed: {index, score, label, range}, or
// {below: true, label, range} under the lowest band.
function rate(percent, scale) {
  const p = shown(percent), bands = scale.bands;
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i];
    if (p >= b.min) return { index: i, score: b.score, label: b.label, range: b.range };
  }
  const below = scale.below || {};
  return { below: true, label: below.label || null, range: below.range || "" };
}

// The fewest more ticks (the heaviest open measured items first) that lift the rating into a
// higher band: {items, band: rate(…)}, or null at the top band.
function nextBand(items, ticked, scale) {
  const now = rate(progress(items, ticked).percent, scale);
  const above = now.below ? scale.bands.length - 1 : now.index - 1;
  if (above < 0) return null;
  const all = !items.some((it) => it.required), more = new Set();
  const open = items.filter((it) => !isOn(it, ticked) && (it.required || all))
    .sort((a, b) => b.weight - a.weight);
  const with_ = (k) => ticked(k) || more.has(k);
  for (let n = 0; n < open.length; n++) {
    // A group counts as one more item: the sub-items that complete it.
    (open[n].items || [open[n]]).forEach((s) => more.add(s.key));
    const r = rate(progress(items, with_).percent, scale);
    if (!r.below && r.index <= above) return { items: n + 1, band: r };
  }
  return null;
}

// The next day on or after `now` (a Date, local time) among `days` (["06-30", "12-31"],
// in calendar order), as a local Date; null without days.
function nextAssessment(days, now) {
  if (!days || !days.length) return null;
  const y = now.getFullYear(), today = new Date(y, now.getMonth(), now.getDate());
  for (let year = y; year <= y + 1; year++) {
    for (let i = 0; i < days.length; i++) {
      const md = days[i].split("-"), d = new Date(year, +md[0] - 1, +md[1]);
      if (d >= today) return d;
    }
  }
  return null;
}

// What a progress line says, in parts: [done, rating, next band, complete] (empty parts left
// out). "6 of 10 required items done · 60%", "If assessed today: Kurang (51–60 %), score 60;
// next assessment 31 December 2026", "1 more item to reach Cukup".
function describe(pr, scale, t, more) {
  const o = more || {}, parts = [];
  let done = fmt(pr.all ? t.js_progress_all : t.js_progress, { n: pr.done, m: pr.count }) + " · " + shown(pr.percent) + "%";
  if (pr.optionalCount) done += " · " + fmt(t.js_optional, { n: pr.optionalDone, m: pr.optionalCount });
  parts.push(done);
  if (scale) {
    const r = rate(pr.percent, scale), days = scale.assessed;
    let rating = r.below ? (r.label ? r.label + " (" + r.range + ")" : fmt(t.js_below_scale, r)) : fmt(t.js_rating, r);
    rating = fmt(days && days.length ? t.js_rating_today : t.js_rating_now, { rating });
    if (o.nextDate) rating += "; " + fmt(t.js_next_assessment, { date: o.nextDate });
    parts.push(rating);
    if (o.next && !pr.complete) parts.push(fmt(o.next.items === 1 ? t.js_next_band_1 : t.js_next_band, { n: o.next.items, label: o.next.band.label }));
  }
  if (pr.complete) parts.push(t.js_complete);
  return parts;
}

// Why a parsed file cannot be imported into `site`: ["bad" | "version" | "site", detail], or null.
function check(d, site) {
  if (!d || typeof d !== "object" || d.format !== FORMAT) return ["bad"];
  if (d.version !== VERSION) return ["version", String(d.version)];
  if (d.site !== site) return ["site", String(d.site)];
  const its = d.items;
  if (!its || typeof its !== "object" || Array.isArray(its)) return ["bad"];
  return Object.keys(its).every((k) => {
    const e = its[k];
    return KEY.test(k) && e && typeof e === "object" && typeof e.ticked === "boolean" &&
      (e.note === undefined || typeof e.note === "string") &&
      typeof e.updated === "string" && !isNaN(Date.parse(e.updated));
  }) ? null : ["bad"];
}

const time = (e) => { const ms = e ? Date.parse(e.updated) : NaN; return isNaN(ms) ? 0 : ms; };
// `incoming` into `local` (key => entry), per item the newer `updated` winning; counts changes.
function merge(local, incoming) {
  const items = Object.assign({}, local), c = { items, ticksAdded: 0, ticksRemoved: 0, notes: 0 };
  Object.keys(incoming).forEach((k) => {
    const a = local[k], b = incoming[k], was = !!(a && a.ticked), note = b.note || "";
    if (a && time(b) <= time(a)) return;
    if (!was && b.ticked) c.ticksAdded++;
    if (was && !b.ticked) c.ticksRemoved++;
    if (((a && a.note) || "") !== note) c.notes++;
    items[k] = { ticked: b.ticked, note, updated: b.updated };
  });
  return c;
}

// Keys under `scope/` holding a tick or a note that are not in `known` (a Set).
const orphans = (items, scope, known) => Object.keys(items).filter((k) =>
  k.indexOf(scope + "/") === 0 && !known.has(k) && items[k] && (items[k].ticked || items[k].note));

if (typeof module !== "undefined" && module.exports) {
  module.exports = { progress, groupDone, rate, nextBand, nextAssessment, shown, describe, check, merge, orphans, fmt, FORMAT, VERSION };
  return;
}

// -- The page
const doc = document, html = doc.documentElement, site = html.getAttribute("data-site");
html.classList.add("js");
const $$ = (s, r) => Array.prototype.slice.call((r || doc).querySelectorAll(s));
const $ = (s, r) => (r || doc).querySelector(s);
const attr = (e, a) => e && e.getAttribute(a);
const json = (s) => { try { return JSON.parse(s); } catch (e) { return null; } };
const now = () => new Date().toISOString();
const on = (e, ev, f) => e.addEventListener(ev, f);
function el(tag, a, kids) {
  const e = doc.createElement(tag);
  Object.keys(a || {}).forEach((k) => {
    if (k === "text") e.textContent = a[k];
    else if (k === "click") on(e, k, a[k]);
    else e.setAttribute(k, a[k]);
  });
  (kids || []).forEach((c) => e.append(c));
  return e;
}
const btn = (text, click) => el("button", { type: "button", text, click });
const say = (e, s) => { if (e.textContent !== s) e.textContent = s; };
const after = (e, ref) => ref.parentNode.insertBefore(e, ref.nextSibling);

// The search box (templates/search.html) is hidden without scripts. Its code, search.js, is
// fetched on first use, so a page costs only this script until the reader searches.
const searchForm = $("form[data-search-script]");
if (searchForm) {
  searchForm.hidden = false;
  const start = () => {
    if (searchForm.hasAttribute("data-search-started")) return;
    searchForm.setAttribute("data-search-started", "");
    doc.head.append(el("script", { src: attr(searchForm, "data-search-script") }));
  };
  on(searchForm, "focusin", start);
  on(searchForm, "pointerdown", start);
  // Enter before search.js has arrived: it opens the first result once it can.
  on(searchForm, "submit", (e) => { e.preventDefault(); searchForm.setAttribute("data-search-submitted", ""); });
}

const t = {}, tpl = $("#jenjang-t");
if (tpl) $$("[data-k]", tpl.content).forEach((e) => { t[attr(e, "data-k")] = e.textContent; });

const all = []; // every checkbox item on the page (groups' sub-items included)
const groups = []; // every group, to mark it done
const kids = (ul) => Array.prototype.filter.call(ul ? ul.children : [], (e) => e.matches(".checklist-item[data-key]"));
const item = (li) => {
  const it = { li, key: attr(li, "data-key"), weight: +attr(li, "data-weight") || 1,
    required: attr(li, "data-required") !== "false" };
  const sub = $(".sub-items", li);
  if (sub) {
    it.items = kids(sub).map(item);
    it.choose = +attr(li, "data-choose") || 0;
    it.mark = $(".group-mark", li);
    groups.push(it);
  } else {
    it.input = $("input", li);
    all.push(it);
  }
  return it;
};
const lists = $$(".checklist[data-checklist]").map((sec) => ({
  sec, out: $(".checklist-progress", sec), scale: json(attr(sec, "data-scale")), items: kids($(".checklist-items", sec)).map(item),
}));
const stageList = $("ol.stages");
const stages = $$("li[data-items]").map((li) => ({ li, id: attr(li, "data-stage"), items: json(attr(li, "data-items")) || [] }))
  .filter((s) => s.items.length);
const scopeEl = $("[data-progress-scope]");
if (!site || !scopeEl) return;
const isModule = $("article.module") && lists.length;
const totalScale = stages.length ? json(attr(stageList, "data-scale")) : isModule && lists[0].scale;
const flat = (lists_) => [].concat.apply([], lists_);
const totalItems = flat(stages.length ? stages.map((s) => s.items) : lists.map((l) => l.items));
const keys = (its) => flat(its.map((i) => (i.items ? keys(i.items) : [i.key])));
const known = new Set(keys(totalItems).concat(keys(all)));

const SKEY = "jenjang-progress:" + site;
let store = null, warned = false, items = {}, orph = [];
const load = () => { const d = json(store.getItem(SKEY)); return d && d.items && typeof d.items === "object" ? d.items : {}; };
try { store = window.localStorage; items = load(); } catch (e) { store = null; }
const ticked = (k) => !!(items[k] && items[k].ticked);
const noteOf = (k) => (items[k] && items[k].note) || "";

// fn(items) -> items, on the freshest state (another tab may have saved); then save and show.
function commit(fn) {
  if (store && !warned) items = load();
  items = fn(items);
  try { store.setItem(SKEY, JSON.stringify({ format: FORMAT, version: VERSION, site, items })); } catch (e) { warn(); }
  render();
}
const set = (key, field, v) => commit((its) => {
  const e = Object.assign({ ticked: false, note: "" }, its[key]);
  e[field] = v;
  e.updated = now();
  its[key] = e;
  return its;
});

// -- Controls the script adds
all.forEach((it) => {
  const id = it.input.id + "-note";
  it.area = el("textarea", { id: id + "-text", rows: "3", maxlength: "1000" });
  it.box = el("div", { class: "note", id, hidden: "" }, [el("label", { for: id + "-text" }, [t.js_note_label,
    el("span", { class: "sr-only", text: ": " + $("label", it.li).textContent })]), it.area]);
  it.toggle = el("button", { type: "button", class: "note-toggle", "aria-controls": id, click() {
    show(it, it.box.hidden);
    if (!it.box.hidden) it.area.focus();
  } });
  it.print = el("p", { class: "note-print" });
  it.li.append(it.toggle, it.box, it.print);
  it.save = () => { clearTimeout(it.timer); if (it.area.value !== noteOf(it.key)) set(it.key, "note", it.area.value); };
  on(it.area, "input", () => { clearTimeout(it.timer); it.timer = setTimeout(it.save, 400); });
  on(it.area, "blur", it.save);
  on(it.input, "change", () => set(it.key, "ticked", it.input.checked));
  show(it, !!noteOf(it.key));
});
const flush = () => all.forEach((it) => it.save());
function show(it, open) {
  it.box.hidden = !open;
  it.toggle.setAttribute("aria-expanded", open);
  say(it.toggle, open ? t.js_hide_note : noteOf(it.key) ? t.js_show_note : t.js_add_note);
}

stages.forEach((s) => { s.li.append(s.out = el("p", { class: "stage-progress" })); });
const nodes = {};
$$(".diagram-node[data-stage]").forEach((g) => { nodes[attr(g, "data-stage")] = g; });
const total = stages.length || isModule ? el("p", { class: "total-progress" }) : null;
if (total) after(total, $(".facts", scopeEl) || $("h1", scopeEl));

const status = el("p", { class: "tools-status", role: "status" });
const report = (s) => { status.textContent = s; };
const orphText = el("p");
const orphBox = el("div", { class: "orphans", hidden: "" }, [orphText,
  btn(t.js_orphans_export, () => download(orph)),
  btn(t.js_orphans_discard, () => {
    if (!confirm(fmt(t.js_orphans_confirm, { n: orph.length }))) return;
    const gone = orph;
    commit((its) => { gone.forEach((k) => { delete its[k]; }); return its; });
    report(t.js_orphans_discarded);
  })]);
const file = el("input", { type: "file", accept: ".json,application/json", hidden: "" });
const buttons = [btn(t.js_export, () => download(Object.keys(items).sort())), btn(t.js_import, () => file.click()),
  btn(t.js_reset, () => {
    if (!confirm(t.js_reset_confirm)) return;
    all.forEach((it) => clearTimeout(it.timer));
    items = {};
    try { store.removeItem(SKEY); } catch (e) { /* nothing was stored */ }
    render();
    report(t.js_reset_done);
  })];
// On a module page, each unit's checklist prints alone too (blank: for the group's meeting).
if (isModule) lists.forEach((l) => {
  const unit = l.sec.closest(".unit");
  if (unit) l.sec.append(el("p", { class: "print-unit" }, [btn(t.js_print_unit, () => {
    unit.classList.add("print-this");
    html.classList.add("print-one");
    printAs(true);
  })]));
});
if (lists.length) buttons.unshift(btn(t.js_print_blank, () => printAs(true)), btn(t.js_print_ticks, () => printAs(false)));
const tools = el("section", { class: "progress-tools", "aria-labelledby": "progress-tools" }, [
  el("h2", { id: "progress-tools", text: t.js_tools }), el("p", { text: t.js_tools_intro }), status, orphBox,
  el("div", { class: "tools-buttons" }, buttons), file]);
const last = lists.length ? lists[lists.length - 1].sec : stageList;
if (last) after(tools, last.closest(".unit") || last.closest("section") || last);
else scopeEl.append(tools);

function warn() {
  if (warned) return;
  warned = true;
  const at = lists.length ? $(".checklist-items", lists[0].sec) : total || status;
  at.parentNode.insertBefore(el("p", { class: "storage-note", role: "status", text: t.js_storage_off }), at);
}
try { store.setItem(SKEY + ":probe", "1"); store.removeItem(SKEY + ":probe"); } catch (e) { warn(); }

// -- Export, import, print
function download(keys) {
  flush();
  const out = {}, name = site + "-progress-" + now().slice(0, 10) + ".json";
  keys.forEach((k) => { if (items[k]) out[k] = items[k]; });
  const body = JSON.stringify({ format: FORMAT, version: VERSION, site, exported: now(), items: out }, null, 2) + "\n";
  const a = el("a", { href: URL.createObjectURL(new Blob([body], { type: "application/json" })), download: name });
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  report(fmt(t.js_exported, { file: name, n: keys.length }));
}

on(file, "change", () => {
  const f = file.files[0], r = new FileReader();
  if (!f) return;
  r.onload = () => { file.value = ""; importText(String(r.result), f.name); };
  r.onerror = () => { file.value = ""; report(fmt(t.js_import_bad, { file: f.name })); };
  r.readAsText(f);
});
function importText(text, name) {
  const d = json(text), bad = check(d, site);
  if (bad) return report(fmt(t["js_import_" + bad[0]], { file: name, v: bad[1], site: bad[1] }));
  flush();
  let res;
  commit((its) => (res = merge(its, d.items)).items);
  const parts = [];
  [["ticksAdded", "js_ticks_added"], ["ticksRemoved", "js_ticks_removed"], ["notes", "js_notes"]].forEach((p) => {
    const n = res[p[0]];
    if (n) parts.push(fmt(t[p[1] + (n === 1 ? "_1" : "")], { n }));
  });
  report(fmt(parts.length ? t.js_import_done : t.js_import_none, { file: name, changes: parts.join(", ") }));
}

const dateEl = $(".print-date"), dayFormat = { year: "numeric", month: "long", day: "numeric" };
function printAs(blank) {
  flush();
  html.classList.toggle("print-blank", blank);
  window.print();
}
on(window, "beforeprint", () => {
  if (dateEl) dateEl.textContent = html.classList.contains("print-blank") ? "" : new Date().toLocaleDateString(html.lang || undefined, dayFormat);
});
on(window, "afterprint", () => {
  html.classList.remove("print-blank", "print-one");
  $$(".print-this").forEach((e) => e.classList.remove("print-this"));
});

// -- Showing the state
// A progress bar and its lines in `out` (made once, updated in place; one line per part of
// describe()); `intro` wraps the first line ("Your progress on this roadmap: {progress}").
// Returns the progress.
function paint(out, list, scale, intro) {
  const pr = progress(list, ticked);
  if (!out.bar) {
    out.bar = el("progress", { max: "100", "aria-hidden": "true" });
    out.text = el("span", { class: "progress-text" });
    out.append(out.bar, out.text);
  }
  out.bar.value = shown(pr.percent);
  const when = scale && nextAssessment(scale.assessed, new Date());
  const parts = describe(pr, scale, t, { next: scale && nextBand(list, ticked, scale),
    nextDate: when && when.toLocaleDateString(html.lang || undefined, dayFormat) });
  if (intro) parts[0] = fmt(intro, { progress: parts[0] });
  say(out.text, parts.join("\n"));
  out.classList.toggle("complete", pr.complete);
  return pr;
}

function render() {
  all.forEach((it) => {
    const note = noteOf(it.key);
    it.input.checked = ticked(it.key);
    if (doc.activeElement !== it.area && it.area.value !== note) it.area.value = note;
    say(it.print, note);
    show(it, !it.box.hidden);
  });
  groups.forEach((g) => {
    const done = groupDone(g.items, g.choose, ticked);
    g.li.classList.toggle("done", done);
    say(g.mark, done ? "✓" : "");
  });
  lists.forEach((l) => paint(l.out, l.items, l.scale));
  stages.forEach((s) => {
    const pr = paint(s.out, s.items, totalScale), g = nodes[s.id], r = g && $("rect", g);
    if (!r) return;
    g.classList.toggle("complete", pr.complete);
    let mark = $(".diagram-check", g);
    if (pr.complete && !mark) {
      mark = doc.createElementNS("http://www.w3.org/2000/svg", "text");
      mark.setAttribute("class", "diagram-check");
      mark.setAttribute("x", Number(attr(r, "x")) + Number(attr(r, "width")) - 22);
      mark.setAttribute("y", +attr(r, "y") + 24);
      mark.textContent = "✓";
      g.append(mark);
    } else if (!pr.complete && mark) mark.remove();
  });
  if (total) paint(total, totalItems, totalScale, stages.length ? t.js_roadmap_progress : t.js_module_progress);
  orph = orphans(items, attr(scopeEl, "data-progress-scope"), known);
  orphBox.hidden = !orph.length;
  say(orphText, fmt(t[orph.length === 1 ? "js_orphans_1" : "js_orphans"], { n: orph.length }));
}
render();

const refresh = () => { if (store && !warned) { items = load(); render(); } };
on(window, "storage", (e) => { if (e.key === SKEY || e.key === null) refresh(); });
on(window, "pageshow", (e) => { if (e.persisted) refresh(); });
on(window, "pagehide", flush);
})();
