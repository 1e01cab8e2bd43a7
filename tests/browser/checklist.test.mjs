// The checklists of the example site over http: ticks, progress, notes, export and import,
// reset, orphans, printing, the roadmap and module pages. Every page must log no error.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { artifact, build, cleanup, COMPLETE, expectedLine, launch, newPage, nextAssessmentText, pageItems, serve, stored, tempDir, waitText } from "./helpers.mjs";

const STAGE = "/en/roadmaps/teacher-career/exploration/index.html";
const ROADMAP = "/en/roadmaps/teacher-career/index.html";
const MODULE = "/en/modules/entrepreneur-school/index.html";
const K = "teacher-career/exploration/";
const box = (id) => `#ck-teacher-career-exploration-${id}`;
const PROGRESS = ".checklist .checklist-progress";
// The first line of the exploration stage's progress, nothing ticked.
const Z = "0 of 5 required items done · 0% · 0 of 1 optional items done";
/** The first line (done, percentage, optional items) of a progress text in `selector`. */
const firstLine = (page, selector) => page.$eval(`${selector} .progress-text`, (e) => e.textContent.split("\n")[0]);
async function waitFirst(page, selector, line) {
  await page.waitForFunction(([s, t]) => { const e = document.querySelector(`${s} .progress-text`); return e && e.textContent.split("\n")[0] === t; }, [selector, line]);
}

let browser, server, context, pages;
before(async () => {
  server = await serve({ "/": build() });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  cleanup();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  pages = [];
});
afterEach(async () => {
  const errors = pages.flatMap((p) => p.errors);
  await context.close();
  assert.deepEqual(errors, [], "no console errors or uncaught exceptions");
});
async function open(url) {
  const page = await newPage(context);
  pages.push(page);
  await page.goto(server.url + url);
  await page.locator(".progress-tools").waitFor();
  return page;
}
const scaleOf = (page, selector) => page.$eval(selector, (e) => JSON.parse(e.dataset.scale));

describe("a stage page", () => {
  test("a tick persists across a reload, and the note line says ticks are saved", async () => {
    const page = await open(STAGE);
    assert.equal(await page.locator(".no-js-note").isVisible(), false, "the no-script note is hidden");
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("js")), true);
    await page.check(box("parent-meeting"));
    await page.reload();
    await page.locator(".progress-tools").waitFor();
    assert.equal(await page.isChecked(box("parent-meeting")), true);
    assert.equal(await page.isChecked(box("parent-channel")), false);
    const doc = await stored(page);
    assert.equal(doc.format, "jenjang-progress");
    assert.equal(doc.version, 1);
    assert.equal(doc.site, "jenjang-karier");
    assert.equal(doc.items[K + "parent-meeting"].ticked, true);
    assert.ok(!Number.isNaN(Date.parse(doc.items[K + "parent-meeting"].updated)));
  });

  test("progress over required items, the rating if assessed today, and the next band follow every tick", async () => {
    const page = await open(STAGE);
    const items = await pageItems(page);
    const scale = await scaleOf(page, ".checklist");
    assert.deepEqual(items.map((i) => i.weight), [2, 1, 2, 1, 1, 1]);
    assert.deepEqual(scale.assessed, ["06-30", "12-31"]);
    const date = nextAssessmentText(scale.assessed, "en");
    assert.equal(await page.getAttribute(PROGRESS, "aria-live"), "polite");
    const rated = (rating) => `If assessed today: ${rating}; next assessment ${date}`;
    const start = `${Z}\n${rated("Not rated (0–50 %)")}\n2 more items to reach Poor (Kurang)`;
    await waitText(page, PROGRESS, start);
    assert.equal(expectedLine(items, [], scale, date), start, "the test's own arithmetic agrees");
    const order = ["parent-meeting", "mentoring-plan", "parent-channel", "classroom-workshop", "reflection-journal", "peer-observation"];
    const exact = [
      `1 of 5 required items done · 28% · 0 of 1 optional items done\n${rated("Not rated (0–50 %)")}\n1 more item to reach Poor (Kurang)`,
      `2 of 5 required items done · 57% · 0 of 1 optional items done\n${rated("Poor (Kurang) (51–60 %), score 60")}\n1 more item to reach Fair (Cukup)`,
      `3 of 5 required items done · 71% · 0 of 1 optional items done\n${rated("Fair (Cukup) (61–75 %), score 70")}\n1 more item to reach Good (Baik)`,
      `4 of 5 required items done · 85% · 0 of 1 optional items done\n${rated("Good (Baik) (76–90 %), score 80")}\n1 more item to reach Very good (Sangat Baik)`,
      // An optional item never changes the percentage: it is counted apart.
      `4 of 5 required items done · 85% · 1 of 1 optional items done\n${rated("Good (Baik) (76–90 %), score 80")}\n1 more item to reach Very good (Sangat Baik)`,
      // Every required item ticked: 100 % and the top band.
      `5 of 5 required items done · 100% · 1 of 1 optional items done\n${rated("Very good (Sangat Baik) (91–100 %), score 90")}\n${COMPLETE}`,
    ];
    for (let i = 0; i < order.length; i++) {
      await page.check(box(order[i]));
      const ticked = order.slice(0, i + 1).map((id) => K + id);
      assert.equal(expectedLine(items, ticked, scale, date), exact[i], "the test's own arithmetic agrees");
      await waitText(page, PROGRESS, exact[i]);
    }
    assert.equal(await page.$eval(".checklist progress", (e) => e.value), 100);
    await page.uncheck(box("parent-meeting"));
    await waitText(page, PROGRESS, `4 of 5 required items done · 71% · 1 of 1 optional items done\n${rated("Fair (Cukup) (61–75 %), score 70")}\n1 more item to reach Very good (Sangat Baik)`);
    assert.equal(await page.$eval(".checklist progress", (e) => e.value), 71);
  });

  test("ticking only the required items gives 100 % and the top band", async () => {
    const page = await open(STAGE);
    const items = await pageItems(page);
    for (const item of items.filter((i) => i.required)) await page.check(`.checklist-item[data-key="${item.key}"] input`);
    const text = await page.locator(`${PROGRESS} .progress-text`).textContent();
    assert.match(text, /^5 of 5 required items done · 100% · 0 of 1 optional items done\n/);
    assert.match(text, /Very good \(Sangat Baik\) \(91–100 %\), score 90/);
    assert.ok(text.endsWith(COMPLETE), text);
    assert.equal(await page.$eval(".checklist progress", (e) => e.value), 100);
    await page.screenshot({ path: artifact("stage-required-done-1280.png"), fullPage: true });
  });

  test("a note is added, saved and survives a reload", async () => {
    const page = await open(STAGE);
    const item = page.locator(`.checklist-item[data-key="${K}parent-channel"]`);
    const toggle = item.locator(".note-toggle");
    assert.equal(await toggle.textContent(), "Add note");
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const area = item.getByLabel("My note");
    await area.fill("Ask Bu Sari for the class WhatsApp group");
    await area.blur();
    await page.waitForFunction((k) => JSON.parse(localStorage.getItem("jenjang-progress:jenjang-karier"))?.items[k]?.note, K + "parent-channel");
    await page.reload();
    const again = page.locator(`.checklist-item[data-key="${K}parent-channel"]`);
    await again.getByLabel("My note").waitFor();
    assert.equal(await again.getByLabel("My note").inputValue(), "Ask Bu Sari for the class WhatsApp group");
    assert.equal(await again.locator(".note-toggle").textContent(), "Hide note");
    assert.equal(await page.isChecked(box("parent-channel")), false, "a note does not tick the item");
    // Typing alone (no blur) is saved too, after a short pause.
    await again.getByLabel("My note").fill("Changed");
    await page.waitForFunction((k) => JSON.parse(localStorage.getItem("jenjang-progress:jenjang-karier")).items[k].note === "Changed", K + "parent-channel");
  });

  test("export, reset, import: the state comes back, and the import reports what changed", async () => {
    const page = await open(STAGE);
    await page.check(box("parent-meeting"));
    await page.check(box("mentoring-plan"));
    const item = page.locator(`.checklist-item[data-key="${K}peer-observation"]`);
    await item.locator(".note-toggle").click();
    await item.getByLabel("My note").fill("Pak Budi, Thursday");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export progress" }).click()]);
    assert.match(download.suggestedFilename(), /^jenjang-karier-progress-\d{4}-\d\d-\d\d\.json$/);
    const file = path.join(tempDir(), download.suggestedFilename());
    await download.saveAs(file);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(doc.format, "jenjang-progress");
    assert.equal(doc.version, 1);
    assert.equal(doc.site, "jenjang-karier");
    assert.ok(!Number.isNaN(Date.parse(doc.exported)));
    assert.deepEqual(Object.keys(doc.items).sort(), [K + "mentoring-plan", K + "parent-meeting", K + "peer-observation"]);
    assert.equal(doc.items[K + "peer-observation"].note, "Pak Budi, Thursday");
    assert.equal(doc.items[K + "peer-observation"].ticked, false);
    await waitText(page, ".tools-status", `Your progress was exported to ${download.suggestedFilename()}.`);

    // Reset asks first: dismissing keeps everything.
    page.once("dialog", (d) => d.dismiss());
    await page.getByRole("button", { name: "Reset progress" }).click();
    assert.equal(await page.isChecked(box("parent-meeting")), true);
    page.once("dialog", (d) => { assert.equal(d.type(), "confirm"); d.accept(); });
    await page.getByRole("button", { name: "Reset progress" }).click();
    await waitFirst(page, PROGRESS, Z);
    await waitText(page, ".tools-status", "All your ticks and notes on this site were cleared.");
    assert.equal(await stored(page), null);
    assert.equal(await item.getByLabel("My note").inputValue(), "");

    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Import progress" }).click()]);
    await chooser.setFiles(file);
    await waitText(page, ".tools-status", `Imported ${download.suggestedFilename()}: 2 ticks added, 1 note added or changed.`);
    await waitFirst(page, PROGRESS, "2 of 5 required items done · 57% · 0 of 1 optional items done");
    assert.equal(await item.getByLabel("My note").inputValue(), "Pak Budi, Thursday");
    await page.reload();
    await page.locator(".progress-tools").waitFor();
    assert.equal(await page.isChecked(box("mentoring-plan")), true);
    assert.equal(await page.locator(`.checklist-item[data-key="${K}peer-observation"]`).getByLabel("My note").inputValue(), "Pak Budi, Thursday");

    // The same file again changes nothing.
    const [again] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Import progress" }).click()]);
    await again.setFiles(file);
    await waitText(page, ".tools-status", `${download.suggestedFilename()} has nothing newer than what is saved here. Nothing was changed.`);
  });

  test("a newer untick in the file wins over an older tick here", async () => {
    const page = await open(STAGE);
    await page.check(box("parent-meeting"));
    const file = path.join(tempDir(), "mentor.json");
    writeFileSync(file, JSON.stringify({ format: "jenjang-progress", version: 1, site: "jenjang-karier", exported: new Date().toISOString(),
      items: { [K + "parent-meeting"]: { ticked: false, note: "Not yet: the meeting was postponed", updated: new Date(Date.now() + 60000).toISOString() },
        [K + "parent-channel"]: { ticked: true, updated: "2020-01-01T00:00:00Z" } } }));
    await page.setInputFiles("input[type=file]", file);
    await waitText(page, ".tools-status", "Imported mentor.json: 1 tick added, 1 tick removed, 1 note added or changed.");
    assert.equal(await page.isChecked(box("parent-meeting")), false);
    assert.equal(await page.isChecked(box("parent-channel")), true);
    assert.equal(await page.locator(`.checklist-item[data-key="${K}parent-meeting"] .note-toggle`).textContent(), "Show note");
  });

  test("a malformed file, another format or version, another site: refused, nothing changes", async () => {
    const page = await open(STAGE);
    await page.check(box("parent-meeting"));
    const before = await page.evaluate(() => localStorage.getItem("jenjang-progress:jenjang-karier"));
    const item = { ticked: true, note: "", updated: "2030-01-01T00:00:00Z" };
    const cases = [
      ["broken.json", "{\"format\": \"jenjang-progress\", ", "broken.json is not a jenjang progress file, or it is damaged. Nothing was changed."],
      ["other.json", JSON.stringify({ format: "something-else", version: 1, site: "jenjang-karier", items: {} }), "other.json is not a jenjang progress file, or it is damaged. Nothing was changed."],
      ["future.json", JSON.stringify({ format: "jenjang-progress", version: 2, site: "jenjang-karier", items: {} }), "future.json is in version 2 of the progress format, which this site cannot read. Nothing was changed."],
      ["foreign.json", JSON.stringify({ format: "jenjang-progress", version: 1, site: "another-ngo", items: { [K + "parent-channel"]: item } }), "foreign.json holds progress for another site (“another-ngo”). Nothing was changed."],
      ["bad-entry.json", JSON.stringify({ format: "jenjang-progress", version: 1, site: "jenjang-karier", items: { [K + "parent-channel"]: item, [K + "x"]: { ticked: "yes" } } }), "bad-entry.json is not a jenjang progress file, or it is damaged. Nothing was changed."],
    ];
    for (const [name, text, message] of cases) {
      await page.setInputFiles("input[type=file]", { name, mimeType: "application/json", buffer: Buffer.from(text) });
      await waitText(page, ".tools-status", message);
      assert.equal(await page.evaluate(() => localStorage.getItem("jenjang-progress:jenjang-karier")), before, name);
      assert.equal(await page.isChecked(box("parent-channel")), false, name);
    }
    await waitFirst(page, PROGRESS, "1 of 5 required items done · 28% · 0 of 1 optional items done");
  });

  test("ticks of items no longer on the site are kept, counted, exported or discarded", async () => {
    const page = await open(STAGE);
    await page.evaluate((K) => {
      const at = "2026-01-01T00:00:00.000Z";
      localStorage.setItem("jenjang-progress:jenjang-karier", JSON.stringify({ format: "jenjang-progress", version: 1, site: "jenjang-karier", items: {
        [K + "parent-meeting"]: { ticked: true, note: "", updated: at },
        [K + "retired-item"]: { ticked: true, note: "", updated: at },
        [K + "old-note"]: { ticked: false, note: "kept", updated: at },
        [K + "old-untick"]: { ticked: false, note: "", updated: at },
        "teacher-career/removed-stage/x": { ticked: true, note: "", updated: at },
      } }));
    }, K);
    await page.reload();
    await waitText(page, ".orphans p", "2 saved ticks or notes belong to items that are no longer on this site.");
    await waitFirst(page, PROGRESS, "1 of 5 required items done · 28% · 0 of 1 optional items done");

    // The roadmap page knows every stage: it also counts the removed stage's tick.
    const roadmap = await open(ROADMAP);
    await waitText(roadmap, ".orphans p", "3 saved ticks or notes belong to items that are no longer on this site.");
    await roadmap.close();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export them" }).click()]);
    const doc = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.deepEqual(Object.keys(doc.items).sort(), [K + "old-note", K + "retired-item"]);
    assert.equal(doc.site, "jenjang-karier");

    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Discard them" }).click();
    await page.locator(".orphans").waitFor({ state: "hidden" });
    const left = await stored(page);
    assert.deepEqual(Object.keys(left.items).sort(), [K + "old-untick", K + "parent-meeting", "teacher-career/removed-stage/x"]);
    assert.equal(await page.isChecked(box("parent-meeting")), true);
  });

  test("print blank and print with my ticks", async () => {
    await context.addInitScript(() => {
      window.printed = [];
      window.print = () => window.printed.push(document.documentElement.classList.contains("print-blank") ? "blank" : "ticks");
    });
    const page = await open(STAGE);
    await page.check(box("parent-meeting"));
    await page.getByRole("button", { name: "Print blank" }).click();
    await page.getByRole("button", { name: "Print with my ticks" }).click();
    assert.deepEqual(await page.evaluate(() => window.printed), ["blank", "ticks"]);

    await page.emulateMedia({ media: "print" });
    const shown = (s) => page.locator(s).first().isVisible();
    // With ticks: the date is filled in at print time, the progress line is printed.
    await page.evaluate(() => { document.documentElement.classList.remove("print-blank"); window.dispatchEvent(new Event("beforeprint")); });
    assert.match(await page.locator(".print-date").textContent(), /\d/);
    assert.equal(await shown(".print-header"), true);
    assert.equal(await shown(".checklist-progress"), true);
    for (const s of [".site-header", ".site-footer", ".breadcrumbs", ".pager", ".progress-tools", ".note-toggle"]) assert.equal(await shown(s), false, s);
    const looks = (id) => page.$eval(box(id), (e) => { const c = getComputedStyle(e); return [c.appearance, c.backgroundColor, c.boxShadow].join(" "); });
    assert.notEqual(await looks("parent-meeting"), await looks("parent-channel"), "a ticked box prints ticked");
    // Blank: empty boxes, no progress, a blank date line to fill in on paper.
    await page.evaluate(() => { document.documentElement.classList.add("print-blank"); window.dispatchEvent(new Event("beforeprint")); });
    assert.equal(await page.locator(".print-date").textContent(), "");
    assert.equal(await shown(".checklist-progress"), false);
    assert.equal(await looks("parent-meeting"), await looks("parent-channel"), "a ticked box prints empty");
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("print-blank")), false);
    await page.emulateMedia({ media: "screen" });
    assert.equal(await shown(".print-header"), false);
  });
});

describe("the roadmap page", () => {
  test("shows every stage's progress, the total, and marks complete stages on the diagram", async () => {
    const page = await open(STAGE);
    const items = await pageItems(page);
    const required = items.filter((i) => i.required).map((i) => i.key);
    for (const key of required.slice(0, -1)) await page.check(`.checklist-item[data-key="${key}"] input`);

    const roadmap = await open(ROADMAP);
    const scale = await scaleOf(roadmap, "ol.stages");
    const stages = await roadmap.$$eval("li[data-items]", (lis) => lis.map((li) => ({ id: li.dataset.stage, items: JSON.parse(li.dataset.items) })));
    assert.equal(stages.length, 6);
    const exploration = stages.find((s) => s.id === "exploration");
    assert.deepEqual(exploration.items, items, "the roadmap page has the same items as the stage page");
    const ticked = required.slice(0, -1);
    const date = nextAssessmentText(scale.assessed, "en");
    await waitText(roadmap, 'li[data-stage="exploration"] .stage-progress', expectedLine(items, ticked, scale, date));
    assert.equal(await firstLine(roadmap, 'li[data-stage="exploration"] .stage-progress'), "4 of 5 required items done · 85% · 0 of 1 optional items done");
    const education = stages.find((s) => s.id === "teacher-education").items;
    await waitText(roadmap, 'li[data-stage="teacher-education"] .stage-progress', expectedLine(education, [], scale, date));
    const all = stages.flatMap((s) => s.items);
    await waitText(roadmap, ".total-progress", "Your progress on this roadmap: " + expectedLine(all, ticked, scale, date));
    assert.equal(await roadmap.locator('.diagram-node[data-stage="exploration"].complete').count(), 0);

    // The last required item, ticked on the stage page, reaches the open roadmap page too.
    await page.check(`.checklist-item[data-key="${required.at(-1)}"] input`);
    await roadmap.reload();
    await waitText(roadmap, 'li[data-stage="exploration"] .stage-progress', expectedLine(items, required, scale, date));
    assert.ok((await roadmap.locator('li[data-stage="exploration"] .stage-progress').textContent()).endsWith(COMPLETE));
    await waitText(roadmap, ".total-progress", "Your progress on this roadmap: " + expectedLine(all, required, scale, date));
    const node = roadmap.locator('.diagram-node[data-stage="exploration"]');
    assert.match(await node.getAttribute("class"), /\bcomplete\b/);
    assert.equal(await node.locator(".diagram-check").textContent(), "✓");
    assert.equal(await roadmap.locator(".diagram-node.complete").count(), 1);
    assert.equal(await roadmap.locator(".diagram-check").count(), 1);

    // Another tab unticks: the open roadmap page follows (the storage event).
    await page.uncheck(`.checklist-item[data-key="${required[0]}"] input`);
    await roadmap.locator(".diagram-node.complete").waitFor({ state: "detached" });
    assert.equal(await roadmap.locator(".diagram-check").count(), 0);
  });
});

describe("a module page", () => {
  test("shows each unit's progress and the module's", async () => {
    const page = await open(MODULE);
    const scale = await scaleOf(page, ".checklist");
    const lists = await page.$$eval(".checklist", (secs) => secs.map((s) => s.dataset.checklist));
    assert.deepEqual(lists, ["entrepreneur-school/entrepreneurship", "entrepreneur-school/production-management", "entrepreneur-school/organising-public-speaking",
      "entrepreneur-school/finance", "entrepreneur-school/marketing", "entrepreneur-school/gender-perspective", "entrepreneur-school"]);
    const unit = '.checklist[data-checklist="entrepreneur-school/entrepreneurship"]';
    const unitItems = await pageItems(page, unit);
    const allItems = await pageItems(page);
    const date = nextAssessmentText(scale.assessed, "en");
    await waitText(page, `${unit} .checklist-progress`, expectedLine(unitItems, [], scale, date));
    await page.check(`${unit} .checklist-item >> nth=1 >> input`);
    const ticked = [unitItems[1].key];
    await waitText(page, `${unit} .checklist-progress`, expectedLine(unitItems, ticked, scale, date));
    assert.equal(await firstLine(page, unit + " .checklist-progress"), "1 of 2 required items done · 66%");
    await waitText(page, ".total-progress", "Your progress on this module: " + expectedLine(allItems, ticked, scale, date));
    await page.check(`${unit} .checklist-item >> nth=0 >> input`);
    await waitText(page, `${unit} .checklist-progress`, expectedLine(unitItems, [unitItems[0].key, unitItems[1].key], scale, date));
    assert.ok((await page.locator(`${unit} .checklist-progress`).textContent()).endsWith(COMPLETE));
    // The module's own items are keyed module/item.
    await page.check('.checklist[data-checklist="entrepreneur-school"] .checklist-item >> nth=0 >> input');
    const doc = await stored(page);
    assert.deepEqual(Object.keys(doc.items).sort(), ["entrepreneur-school/entrepreneurship/business-idea", "entrepreneur-school/entrepreneurship/join-group", "entrepreneur-school/monthly-meetings"]);
    await waitFirst(page, '.checklist[data-checklist="entrepreneur-school"]', "1 of 3 required items done · 40% · 0 of 1 optional items done");
  });

  test("one unit's checklist prints alone, blank", async () => {
    await context.addInitScript(() => {
      window.printed = [];
      window.print = () => window.printed.push(Array.from(document.documentElement.classList).sort().join(" "));
    });
    const page = await open(MODULE);
    await page.check("#unit-finance .checklist-item >> nth=1 >> input");
    await page.locator("#unit-finance").getByRole("button", { name: "Print this unit’s checklist, blank" }).click();
    assert.deepEqual(await page.evaluate(() => window.printed), ["js print-blank print-one"]);
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    const shown = (s) => page.locator(s).first().isVisible();
    for (const s of ["h1", "#unit-finance h2", "#unit-finance .checklist", "#unit-finance .checklist-item", ".print-header"]) assert.equal(await shown(s), true, s);
    for (const s of ["#unit-marketing", "#unit-entrepreneurship", ".module > .facts", "#unit-finance .summary", '.checklist[data-checklist="entrepreneur-school"]', ".total-progress", ".print-unit"]) {
      assert.equal(await shown(s), false, s);
    }
    await page.screenshot({ path: artifact("module-print-unit.png"), fullPage: true });
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    assert.equal(await page.evaluate(() => document.documentElement.className), "js");
    assert.equal(await page.locator(".print-this").count(), 0);
    assert.equal(await shown("#unit-marketing"), true, "the whole module prints again");
  });
});
