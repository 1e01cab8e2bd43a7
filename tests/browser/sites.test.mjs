// Where the pages are opened from and what the browser allows: file://, two sites on one
// origin, two languages of one site, and storage that is blocked.
import { after, afterEach, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { build, cleanup, copySite, fileUrl, launch, newPage, serve, waitText } from "./helpers.mjs";

// The example site is bilingual: Indonesian (its default language) at the root, English under
// en/. The progress lines below are the English ones.
const ID_STAGE = "roadmaps/teacher-career/exploration/index.html";
const STAGE = `en/${ID_STAGE}`;
// The first line of the exploration stage's progress, nothing ticked.
const Z = "0 of 5 required items done · 0% · 0 of 1 optional items done";
/** Waits until the first line (done, percentage, optional items) of the progress in `selector` is `line`. */
async function waitFirst(page, selector, line) {
  await page.waitForFunction(([s, t]) => { const e = document.querySelector(`${s} .progress-text`); return e && e.textContent.split("\n")[0] === t; }, [selector, line]);
}
const PROGRESS = ".checklist .checklist-progress";
const box = (id) => `#ck-teacher-career-exploration-${id}`;

let browser, context, pages, example, other, server;
before(async () => {
  example = build();
  // A second site: the same content under another title, so another site id.
  other = build(copySite((yaml) => yaml.replace(/^title: .*$/m, "title: Jenjang Karier Ledokombo")));
  server = await serve({ "/a/": example, "/b/": other });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  cleanup();
});
beforeEach(async () => {
  context = await browser.newContext();
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
  await page.goto(url);
  await page.locator(".progress-tools").waitFor();
  return page;
}

test("from file://: ticks persist, progress shows, export downloads", async () => {
  const url = fileUrl(example, STAGE);
  assert.match(url, /^file:\/\//);
  const page = await open(url);
  await waitFirst(page, PROGRESS, Z);
  await page.check(box("mentoring-plan"));
  await page.check(box("parent-channel"));
  await waitFirst(page, PROGRESS, "2 of 5 required items done · 42% · 0 of 1 optional items done");
  await page.reload();
  await waitFirst(page, PROGRESS, "2 of 5 required items done · 42% · 0 of 1 optional items done");
  assert.equal(await page.isChecked(box("mentoring-plan")), true);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export progress" }).click()]);
  const doc = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(doc.items["teacher-career/exploration/mentoring-plan"].ticked, true);
  // The roadmap page, also from disk, sees the ticks.
  const roadmap = await open(fileUrl(example, "en/roadmaps/teacher-career/index.html"));
  await waitFirst(roadmap, 'li[data-stage="exploration"] .stage-progress', "2 of 5 required items done · 42% · 0 of 1 optional items done");
});

test("two sites on one origin keep their ticks apart (http and file://)", async () => {
  for (const [a, b] of [[`${server.url}/a/${STAGE}`, `${server.url}/b/${STAGE}`], [fileUrl(example, STAGE), fileUrl(other, STAGE)]]) {
    const pageA = await open(a);
    assert.equal(await pageA.getAttribute("html", "data-site"), "jenjang-karier");
    await pageA.check(box("parent-meeting"));
    const pageB = await open(b);
    assert.equal(await pageB.getAttribute("html", "data-site"), "jenjang-karier-ledokombo");
    await waitFirst(pageB, PROGRESS, Z);
    assert.equal(await pageB.isChecked(box("parent-meeting")), false);
    await pageB.check(box("peer-observation"));
    await pageA.reload();
    await waitFirst(pageA, PROGRESS, "1 of 5 required items done · 28% · 0 of 1 optional items done");
    assert.equal(await pageA.isChecked(box("peer-observation")), false);
    const keys = await pageA.evaluate(() => Object.keys(localStorage).sort());
    assert.deepEqual(keys, ["jenjang-progress:jenjang-karier", "jenjang-progress:jenjang-karier-ledokombo"]);
    // A file exported from one site is refused by the other.
    const [download] = await Promise.all([pageB.waitForEvent("download"), pageB.getByRole("button", { name: "Export progress" }).click()]);
    await pageA.setInputFiles("input[type=file]", await download.path());
    await pageA.locator(".tools-status", { hasText: "holds progress for another site (“jenjang-karier-ledokombo”). Nothing was changed." }).waitFor();
    assert.equal(await pageA.isChecked(box("peer-observation")), false);
    await pageA.close();
    await pageB.close();
  }
});

/** The example site's page `rel` over HTTP or from disk. */
const at = (scheme, rel) => (scheme === "http" ? `${server.url}/a/${rel}` : fileUrl(example, rel));

for (const scheme of ["http", "file"]) {
  test(`the language switcher keeps the reader on the same page (${scheme})`, async () => {
    const page = await open(at(scheme, STAGE));
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.locator("h1").textContent(), "Exploration: the first posts");
    const switcher = page.locator("nav.languages");
    assert.equal(await switcher.locator('[aria-current="true"]').textContent(), "English");
    await Promise.all([page.waitForURL(at(scheme, ID_STAGE)), switcher.getByRole("link", { name: "Bahasa Indonesia" }).click()]);
    await page.locator(".progress-tools").waitFor();
    assert.equal(await page.getAttribute("html", "lang"), "id");
    assert.equal(await page.locator("h1").textContent(), "Eksplorasi: tugas mengajar pertama");
    assert.equal(await switcher.locator('[aria-current="true"]').textContent(), "Bahasa Indonesia");
    await Promise.all([page.waitForURL(at(scheme, STAGE)), switcher.getByRole("link", { name: "English" }).click()]);
    assert.equal(await page.locator("h1").textContent(), "Exploration: the first posts");

    // A free page has its own translation file (content/pages/about.en.md).
    await page.goto(at(scheme, "en/about/index.html"));
    await Promise.all([page.waitForURL(at(scheme, "about/index.html")), switcher.getByRole("link", { name: "Bahasa Indonesia" }).click()]);
    assert.equal(await page.locator("h1").textContent(), "Tentang situs ini");
  });

  test(`the language versions of a stage share its ticks (${scheme})`, async () => {
    const en = await open(at(scheme, STAGE));
    await en.check(box("parent-meeting"));
    await waitFirst(en, PROGRESS, "1 of 5 required items done · 28% · 0 of 1 optional items done");
    const id = await open(at(scheme, ID_STAGE));
    assert.equal(await id.getAttribute("html", "lang"), "id");
    assert.equal(await id.getAttribute("html", "data-site"), "jenjang-karier");
    assert.equal(await id.isChecked(box("parent-meeting")), true);
    await waitFirst(id, PROGRESS, "1 dari 5 butir wajib selesai · 28% · 0 dari 1 butir pilihan selesai");
    assert.equal(await id.getByRole("button", { name: "Ekspor kemajuan" }).count(), 1);
    await id.check(box("parent-channel"));
    await en.reload();
    await waitFirst(en, PROGRESS, "2 of 5 required items done · 42% · 0 of 1 optional items done");
    assert.equal(await en.isChecked(box("parent-channel")), true);
  });
}

for (const [what, script] of [
  ["setItem throws (private mode, quota)", () => { Storage.prototype.setItem = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }; }],
  ["localStorage itself throws (storage blocked)", () => { Object.defineProperty(window, "localStorage", { get() { throw new DOMException("Access is denied for this document.", "SecurityError"); } }); }],
]) {
  test(`storage unavailable: ${what}: said once, checkboxes still work for the visit`, async () => {
    await context.addInitScript(script);
    const page = await open(`${server.url}/a/${STAGE}`);
    const note = page.locator(".storage-note");
    await note.waitFor();
    assert.match(await note.textContent(), /^This browser does not let the site save anything/);
    assert.equal(await note.getAttribute("role"), "status");
    await page.check(box("parent-meeting"));
    await page.check(box("parent-channel"));
    await waitFirst(page, PROGRESS, "2 of 5 required items done · 42% · 0 of 1 optional items done");
    await page.uncheck(box("parent-meeting"));
    await waitFirst(page, PROGRESS, "1 of 5 required items done · 14% · 0 of 1 optional items done");
    const item = page.locator('.checklist-item[data-key="teacher-career/exploration/parent-channel"]');
    await item.locator(".note-toggle").click();
    await item.getByLabel("My note").fill("kept for this visit");
    await item.getByLabel("My note").blur();
    assert.equal(await page.isChecked(box("parent-channel")), true);
    assert.equal(await page.locator(".storage-note").count(), 1, "said once");
    // Export still works, from memory.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export progress" }).click()]);
    const doc = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.equal(doc.items["teacher-career/exploration/parent-channel"].note, "kept for this visit");
    assert.equal(await page.locator(".storage-note").count(), 1, "said once");
  });
}
