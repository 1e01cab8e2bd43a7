// Shared helpers of the browser tests: build the example site with the jenjang binary, serve it
// on 127.0.0.1 with a tiny static server, and drive it in headless Chromium (playwright-core).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.resolve(ROOT, process.env.JENJANG_BIN || "target/debug/jenjang");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const ARTIFACTS = path.resolve(ROOT, process.env.JENJANG_ARTIFACTS || "target/browser-artifacts");
export const AXE = path.join(ROOT, "tests/browser/node_modules/axe-core/axe.min.js");

/** A fresh temporary folder, removed by `cleanup()`. */
const temps = [];
export function tempDir(prefix = "jenjang-browser-") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
export function cleanup() {
  while (temps.length) rmSync(temps.pop(), { recursive: true, force: true });
}

/** Builds the site in `root` (default: the example site) into a new temporary folder. */
export function build(root = ROOT) {
  const out = path.join(tempDir(), "out");
  execFileSync(BIN, ["build", "--quiet", "--root", root, "--output", out], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NO_COLOR: "1" } });
  return out;
}

/** A copy of the example site (site.yaml and content/) with `edit(site.yaml text)` applied. */
export function copySite(edit) {
  const dir = tempDir("jenjang-site-");
  cpSync(path.join(ROOT, "content"), path.join(dir, "content"), { recursive: true });
  writeFileSync(path.join(dir, "site.yaml"), edit(readFileSync(path.join(ROOT, "site.yaml"), "utf8")));
  return dir;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".json": "application/json", ".ics": "text/calendar", ".csv": "text/csv", ".xml": "application/xml" };

/**
 * The policy the pages are served with: only the site's own files, no inline script or style
 * (a violation is logged as a console error, and every test fails on console errors).
 */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Serves `mounts` ({"/a/": folder, …}) on 127.0.0.1; resolves to {url, close}. */
export function serve(mounts) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = null;
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rel = decodeURIComponent(url.pathname.slice(prefix.length));
      const full = path.resolve(dir, "." + path.sep + rel);
      if (full !== dir && !full.startsWith(dir + path.sep)) break;
      file = full.endsWith(path.sep) || rel === "" || rel.endsWith("/") ? path.join(full, "index.html") : full;
    }
    let stat = null;
    try { stat = file && statSync(file); } catch { stat = null; }
    if (stat && stat.isDirectory()) { file = path.join(file, "index.html"); try { stat = statSync(file); } catch { stat = null; } }
    if (!stat) { res.writeHead(404, { "content-type": "text/plain" }); res.end("not found"); return; }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "content-security-policy": CSP });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export const fileUrl = (dir, rel) => pathToFileURL(path.join(dir, rel)).href;

/** Headless Chromium, as CI has it. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A new page in `context` whose console errors and uncaught exceptions are collected in
 * `page.errors` (every test asserts it stays empty).
 */
export async function newPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(`console: ${m.text()} (${page.url()})`); });
  page.on("pageerror", (e) => page.errors.push(`pageerror: ${e.message} (${page.url()})`));
  return page;
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Waits until `selector`'s text is exactly `text` (the page updates it on every change). */
export async function waitText(page, selector, text) {
  await page.locator(selector).first().waitFor();
  await page.waitForFunction(([s, t]) => { const e = document.querySelector(s); return e && e.textContent === t; }, [selector, text]);
}

/** The top-level checklist items of the first checklist on the page, as the page declares them. */
export function pageItems(page, scope = ".checklist") {
  return page.$$eval(`${scope} .checklist-items > .checklist-item`, (lis) => lis.map((li) => ({
    key: li.dataset.key, weight: Number(li.dataset.weight), required: li.dataset.required === "true",
  })));
}

export const COMPLETE = "✓ complete: every required item is done";

/**
 * The progress lines the page should show (one per line of the text under the bar), computed
 * here independently of jenjang.js from the page's own data: items [{key, weight, required}]
 * (no groups), the ticked keys, the scale (or null), and for a scale with assessment days the
 * next assessment date as the page writes it (`nextDate`).
 */
export function expectedLine(items, ticked, scale, nextDate) {
  const on = (i) => ticked.includes(i.key);
  const sum = (list) => list.reduce((s, i) => s + i.weight, 0);
  const required = items.filter((i) => i.required);
  const measured = required.length ? required : items;
  const optional = required.length ? items.filter((i) => !i.required) : [];
  const percent = (list) => (list.every(on) ? 100 : (100 * sum(list.filter(on))) / sum(list));
  const shown = (p) => Math.floor(p + 1e-9);
  const place = (p) => scale.bands.filter((b) => shown(p) >= b.min).sort((a, b) => b.min - a.min)[0];
  const pct = percent(measured);
  let first = `${measured.filter(on).length} of ${measured.length} ${required.length ? "required items" : "items"} done · ${shown(pct)}%`;
  if (optional.length) first += ` · ${optional.filter(on).length} of ${optional.length} optional items done`;
  const lines = [first];
  const complete = measured.length > 0 && measured.every(on);
  if (scale) {
    const band = place(pct), below = scale.below || {};
    const rating = band ? `${band.label} (${band.range}), score ${band.score}`
      : below.label ? `${below.label} (${below.range})` : `below the scale (${below.range})`;
    const dated = scale.assessed && scale.assessed.length;
    lines.push((dated ? "If assessed today: " : "On the scale: ") + rating + (dated ? `; next assessment ${nextDate}` : ""));
    if (!complete) {
      // The fewest more measured items, heaviest first, that lift the band.
      const open = measured.filter((i) => !on(i)).sort((a, b) => b.weight - a.weight);
      const more = [...ticked];
      for (let n = 0; n < open.length; n++) {
        more.push(open[n].key);
        const p = measured.every((i) => more.includes(i.key)) ? 100 : (100 * sum(measured.filter((i) => more.includes(i.key)))) / sum(measured);
        const reached = place(p);
        if (reached && (!band || reached.min > band.min)) {
          lines.push(n === 0 ? `1 more item to reach ${reached.label}` : `${n + 1} more items to reach ${reached.label}`);
          break;
        }
      }
    }
  }
  if (complete) lines.push(COMPLETE);
  return lines.join("\n");
}

/** The next assessment date a page shows for `days` (["06-30", …]) in `lang`, from this clock. */
export function nextAssessmentText(days, lang = "en") {
  const now = new Date(), today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  for (let year = today.getFullYear(); year <= today.getFullYear() + 1; year++) {
    for (const day of days) {
      const [m, d] = day.split("-").map(Number), date = new Date(year, m - 1, d);
      if (date >= today) return date.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
    }
  }
  return null;
}

/** Waits until the progress text in `selector` (the lines under its bar) is exactly `text`. */
export async function waitProgress(page, selector, text) {
  await waitText(page, `${selector} .progress-text`, text);
}

/** The page's stored progress document for `site` (null when none). */
export const stored = (page, site = "jenjang-karier") =>
  page.evaluate((s) => JSON.parse(localStorage.getItem("jenjang-progress:" + s)), site);
