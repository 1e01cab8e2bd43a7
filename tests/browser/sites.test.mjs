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
  await waitText(page, PROGRESS, "0 of 6 done · 0% — Not rated");
  await page.check(box("mentoring-plan"));
  await page.check(box("parent-channel"));
  await waitText(page, PROGRESS, "2 of 6 done · 37% — Not rated");
  await page.reload();
  await waitText(page, PROGRESS, "2 of 6 done · 37% — Not rated");
  assert.equal(await page.isChecked(box("mentoring-plan")), true);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export progress" }).click()]);
  const doc = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(doc.items["teacher-career/exploration/mentoring-plan"].ticked, true);
  // The roadmap page, also from disk, sees the ticks.
  const roadmap = await open(fileUrl(example, "en/roadmaps/teacher-career/index.html"));
  await waitText(roadmap, 'li[data-stage="exploration"] .stage-progress', "2 of 6 done · 37% — Not rated");
});

test("two sites on one origin keep their ticks apart (http and file://)", async () => {
  for (const [a, b] of [[`${server.url}/a/${STAGE}`, `${server.url}/b/${STAGE}`], [fileUrl(example, STAGE), fileUrl(other, STAGE)]]) {
    const pageA = await open(a);
    assert.equal(await pageA.getAttribute("html", "data-site"), "jenjang-karier");
    await pageA.check(box("parent-meeting"));
    const pageB = await open(b);
    assert.equal(await pageB.getAttribute("html", "data-site"), "jenjang-karier-ledokombo");
    await waitText(pageB, PROGRESS, "0 of 6 done · 0% — Not rated");
    assert.equal(await pageB.isChecked(box("parent-meeting")), false);
    await pageB.check(box("peer-observation"));
    await pageA.reload();
    await waitText(pageA, PROGRESS, "1 of 6 done · 25% — Not rated");
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
    await waitText(en, PROGRESS, "1 of 6 done · 25% — Not rated");
    const id = await open(at(scheme, ID_STAGE));
    assert.equal(await id.getAttribute("html", "lang"), "id");
    assert.equal(await id.getAttribute("html", "data-site"), "jenjang-karier");
    assert.equal(await id.isChecked(box("parent-meeting")), true);
    await waitText(id, PROGRESS, "1 dari 6 selesai · 25% — Belum dinilai");
    assert.equal(await id.getByRole("button", { name: "Ekspor kemajuan" }).count(), 1);
    await id.check(box("parent-channel"));
    await en.reload();
    await waitText(en, PROGRESS, "2 of 6 done · 37% — Not rated");
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
    await waitText(page, PROGRESS, "2 of 6 done · 37% — Not rated");
    await page.uncheck(box("parent-meeting"));
    await waitText(page, PROGRESS, "1 of 6 done · 12% — Not rated");
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
