// The example site as an NGO publishes it under a sub-path of its domain: built with
// `base_url: http://127.0.0.1:<port>/karier/`, served by a real nginx (Debian's package:
// /usr/sbin/nginx, or $NGINX) at /karier/ with the site's 404.html as its error page, and walked
// by headless Chromium: links, assets, search, ticks, and the 404 page at a deep missing URL.
//
// nginx runs in the foreground as a child of this test, on a free loopback port, with its own
// configuration, logs and temporary files in a temporary folder; it is stopped at the end.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { build, cleanup, copySite, CSP, launch, newPage, tempDir } from "./helpers.mjs";

const NGINX = process.env.NGINX || "/usr/sbin/nginx";
const PREFIX = "/karier/";

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers (nginx is up), or rejects after ~10 s. */
async function waitUp(url, nginx) {
  for (let i = 0; i < 100; i++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nginx did not answer at ${url}`);
}

let browser, nginx, base, out, logs;
before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}${PREFIX}`;
  out = build(copySite((yaml) => `${yaml}\nbase_url: ${base}\n`));
  // nginx's workers may run as another user (nobody, when the test runs as root): they must
  // be able to read the site.
  chmodSync(path.dirname(out), 0o755);
  const dir = tempDir("jenjang-nginx-");
  chmodSync(dir, 0o755);
  logs = path.join(dir, "error.log");
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${logs} warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  types { text/calendar ics; text/csv csv; }
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location ${PREFIX} {
      alias ${out}/;
      index index.html;
      error_page 404 ${PREFIX}404.html;
      add_header Content-Security-Policy "${CSP}" always;
    }
  }
}
`);
  nginx = spawn(NGINX, ["-e", logs, "-p", dir, "-c", conf], { stdio: ["ignore", "inherit", "inherit"] });
  await waitUp(base, nginx);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.once("exit", r));
    nginx.kill("SIGTERM");
    await exited;
  }
  cleanup();
});

/** Opens `url` in a new page; returns the page and the main response. */
async function open(context, url) {
  const page = await newPage(context);
  const response = await page.goto(url);
  return { page, response };
}

test("every link of the home page and its pages leads to a page of the site under the sub-path", async () => {
  const context = await browser.newContext();
  const { page, response } = await open(context, base);
  assert.equal(response.status(), 200);
  // The stylesheet applied and the script ran (it adds the progress tools).
  const css = await page.evaluate(() => [...document.styleSheets].filter((s) => s.cssRules.length > 0).length);
  assert.ok(css >= 1, "the stylesheet loaded");
  // (`a` in the roadmap diagram's SVG too, whose `href` is not a string.)
  const internal = async (p) => (await p.$$eval("a[href]", (as) => as.map((a) => new URL(a.getAttribute("href"), document.baseURI).href)))
    .map((h) => h.split("#")[0])
    .filter((h) => h.startsWith(new URL(base).origin));
  const links = new Set(await internal(page));
  // One level further: a roadmap, a stage, a module, a framework and a competency page.
  for (const href of [...links].filter((h) => /\/(roadmaps|modules|competencies)\/[^/]+\/$/.test(h))) {
    const next = await open(context, href);
    assert.equal(next.response.status(), 200, href);
    for (const h of await internal(next.page)) links.add(h);
    await next.page.close();
  }
  assert.ok(links.size > 40, `${links.size} links`);
  for (const href of links) {
    assert.ok(href.startsWith(base), `${href} leaves the sub-path`);
    const r = await page.request.get(href);
    assert.equal(r.status(), 200, href);
  }
  // Assets, exports and the data schema are served from under the sub-path too.
  for (const file of ["assets/style.css", "data.json", "data.schema.json", "sitemap.xml",
    "competencies/teacher-competencies/case.json", "competencies/teacher-competencies/moodle.csv"]) {
    const r = await page.request.get(base + file);
    assert.equal(r.status(), 200, file);
  }
  // robots.txt belongs at the host's root, where this site has none to write.
  assert.equal((await page.request.get(base + "robots.txt")).status(), 404);
  const sitemap = await (await page.request.get(base + "sitemap.xml")).text();
  assert.ok(sitemap.includes(`<loc>${base}roadmaps/</loc>`), sitemap.slice(0, 400));
  const errors = page.errors;
  await context.close();
  assert.deepEqual(errors, []);
});

test("search finds a page and opens it under the sub-path", async () => {
  const context = await browser.newContext();
  const { page } = await open(context, base);
  await page.locator("#site-search-input").fill("mentor");
  const first = page.locator('#site-search-results[data-query="mentor"] a.search-hit').first();
  await first.waitFor();
  const href = await first.evaluate((a) => a.href);
  assert.ok(href.startsWith(base), href);
  await Promise.all([page.waitForURL((u) => u.href.startsWith(base) && u.href !== base), first.click()]);
  assert.ok(page.url().startsWith(base));
  const errors = page.errors;
  await context.close();
  assert.deepEqual(errors, []);
});

test("ticks are kept across reloads", async () => {
  const context = await browser.newContext();
  const url = base + "roadmaps/teacher-career/exploration/";
  const { page } = await open(context, url);
  const box = page.locator(".checklist input[type=checkbox]").first();
  await box.check();
  await page.reload();
  await page.locator(".progress-tools").waitFor();
  assert.equal(await page.locator(".checklist input[type=checkbox]").first().isChecked(), true);
  const errors = page.errors;
  await context.close();
  assert.deepEqual(errors, []);
});

test("a deep missing address shows the site's 404 page, styled, with working links", async () => {
  const context = await browser.newContext();
  const { page, response } = await open(context, base + "roadmaps/no/such/page/at/all/");
  assert.equal(response.status(), 404);
  assert.ok((await page.locator("h1").textContent()).length > 0);
  const css = await page.evaluate(() => [...document.styleSheets].filter((s) => s.cssRules.length > 0).length);
  assert.ok(css >= 1, "the 404 page's stylesheet loaded from the deep address");
  const home = page.locator("main a[href]").last();
  await Promise.all([page.waitForURL(base), home.click()]);
  assert.equal(page.url(), base);
  // The one expected console error: the missing page's own status.
  const errors = page.errors.filter((e) => !e.includes("status of 404") || !e.includes("/no/such/page/"));
  await context.close();
  assert.deepEqual(errors, []);
  const log = existsSync(logs) ? readFileSync(logs, "utf8") : "";
  assert.ok(!/\[(crit|alert|emerg)\]/.test(log), log);
});
