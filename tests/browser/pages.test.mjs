// Accessibility (axe-core), the page without JavaScript, and screenshots for review, written to
// target/browser-artifacts/ (stage page at 360 and 1280 px, print media, roadmap, module).
import { after, afterEach, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { artifact, AXE, build, cleanup, launch, newPage, serve, waitText } from "./helpers.mjs";

const STAGE = "/en/roadmaps/teacher-career/exploration/index.html";
const ROADMAP = "/en/roadmaps/teacher-career/index.html";
const MODULE = "/en/modules/entrepreneur-school/index.html";
const box = (id) => `#ck-teacher-career-exploration-${id}`;

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
beforeEach(() => { pages = []; });
afterEach(async () => {
  const errors = pages.flatMap((p) => p.errors);
  await context?.close();
  context = null;
  assert.deepEqual(errors, [], "no console errors or uncaught exceptions");
});
async function open(url, options = {}) {
  // axe is injected as an inline script, which the pages' Content-Security-Policy forbids.
  context = context || (await browser.newContext({ bypassCSP: true, ...options }));
  const page = await newPage(context);
  pages.push(page);
  await page.goto(server.url + url);
  if (options.javaScriptEnabled !== false) await page.locator(".progress-tools").waitFor();
  return page;
}

/** A stage with ticks, a note, and the roadmap page with one complete stage. */
async function withProgress(page) {
  for (const id of ["parent-meeting", "parent-channel", "mentoring-plan", "classroom-workshop", "peer-observation"]) await page.check(box(id));
  const item = page.locator('.checklist-item[data-key="teacher-career/exploration/mentoring-plan"]');
  await item.locator(".note-toggle").click();
  await item.getByLabel("My note").fill("Bu Sari agreed to observe me twice a month.");
  await item.getByLabel("My note").blur();
  await page.waitForFunction(() => (document.querySelector(".checklist .progress-text")?.textContent || "").endsWith("✓ complete: every required item is done"));
}

async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("\n  ")}`).join("\n");
  assert.equal(bad.length, 0, `${label}: serious or critical axe violations:\n${text}`);
}

for (const scheme of ["light", "dark"]) {
  test(`axe: stage, roadmap and module pages have no serious or critical violation (${scheme})`, async () => {
    const stage = await open(STAGE, { colorScheme: scheme });
    await withProgress(stage);
    await stage.setInputFiles("input[type=file]", { name: "x.json", mimeType: "application/json", buffer: Buffer.from("nope") });
    await stage.locator(".tools-status", { hasText: "Nothing was changed." }).waitFor();
    await axe(stage, "stage");
    const roadmap = await open(ROADMAP);
    await roadmap.locator(".diagram-node.complete").waitFor();
    await axe(roadmap, "roadmap");
    const mod = await open(MODULE);
    await mod.check(".checklist-item >> nth=0 >> input");
    await axe(mod, "module");
  });
}

test("without JavaScript: a readable list of labelled checkboxes, saying ticks are not saved", async () => {
  const page = await open(STAGE, { javaScriptEnabled: false });
  assert.equal(await page.locator(".no-js-note").isVisible(), true);
  assert.match(await page.locator(".no-js-note").textContent(), /not saved/);
  const boxes = page.locator(".checklist-item input[type=checkbox]");
  assert.equal(await boxes.count(), 6);
  for (let i = 0; i < 6; i++) {
    const id = await boxes.nth(i).getAttribute("id");
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1);
  }
  await boxes.first().check();
  assert.equal(await boxes.first().isChecked(), true);
  assert.equal(await page.locator(".progress-tools, .note-toggle, .storage-note").count(), 0);
  await page.screenshot({ path: artifact("stage-nojs-360.png"), fullPage: true });
});

test("screenshots: stage page at 360 and 1280 px, printed blank and with ticks; roadmap and module", async () => {
  const stage = await open(STAGE, { viewport: { width: 360, height: 780 } });
  await withProgress(stage);
  await stage.locator(".checklist").screenshot({ path: artifact("stage-checklist-360.png") });
  await stage.screenshot({ path: artifact("stage-360.png"), fullPage: true });
  const scrollWidth = await stage.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 360, `no horizontal scrolling at 360 px (scrollWidth ${scrollWidth})`);
  await stage.setViewportSize({ width: 1280, height: 900 });
  await stage.screenshot({ path: artifact("stage-1280.png"), fullPage: true });

  await stage.setViewportSize({ width: 794, height: 1123 });
  await stage.emulateMedia({ media: "print" });
  await stage.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await stage.screenshot({ path: artifact("stage-print-ticks.png"), fullPage: true });
  await stage.evaluate(() => { document.documentElement.classList.add("print-blank"); window.dispatchEvent(new Event("beforeprint")); });
  await stage.screenshot({ path: artifact("stage-print-blank.png"), fullPage: true });
  await stage.evaluate(() => { window.dispatchEvent(new Event("afterprint")); });
  await stage.emulateMedia({ media: "screen" });

  const roadmap = await open(ROADMAP);
  await roadmap.locator(".diagram-node.complete").waitFor();
  await roadmap.setViewportSize({ width: 1280, height: 900 });
  await roadmap.screenshot({ path: artifact("roadmap-1280.png"), fullPage: true });
  await roadmap.setViewportSize({ width: 360, height: 780 });
  await roadmap.screenshot({ path: artifact("roadmap-360.png"), fullPage: true });
  const mod = await open(MODULE);
  await mod.check(".checklist-item >> nth=0 >> input");
  await mod.setViewportSize({ width: 1280, height: 900 });
  await mod.screenshot({ path: artifact("module-1280.png"), fullPage: true });
});
