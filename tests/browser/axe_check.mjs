// Check briefgen HTML files in Debian's chromium (driven by playwright-core, no bundled browser):
// run axe-core at a desktop and a phone width, take a full-page screenshot at each, and measure
// horizontal overflow.  Used by tests/test_browser.py; runnable by hand:
//
//   node tests/browser/axe_check.mjs --out preview/browser output/*/*.html
//
// Screenshots are full-page, cut at --max-height pixels (default 12000) to keep them small.
//
// Prints one JSON document on stdout: {"files": [{file, widths: [{width, scrollWidth,
// clientWidth, overflow, wide: [...], screenshot, violations: [...]}]}]}.  Exit code 0 when
// the checks ran (whatever they found), 2 on bad usage, 3 when the browser could not be driven.
// Chromium never touches the network: its background services are off and every request
// that is not a file: URL is aborted.

import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const require = createRequire(join(repo, "package.json"));

const WIDTHS = [1280, 375];
const HEIGHT = { 1280: 900, 375: 812 };
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--no-first-run",
  "--no-default-browser-check",
  "--metrics-recording-only",
  "--mute-audio",
];

function usage(message) {
  process.stderr.write(
    `axe_check: ${message}\nusage: node axe_check.mjs [--out DIR] [--no-screenshots] [--max-height PX] FILE.html...\n`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { out: null, screenshots: true, maxHeight: 12000, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") opts.out = argv[++i] ?? usage("--out needs a folder");
    else if (a === "--no-screenshots") opts.screenshots = false;
    else if (a === "--max-height") {
      opts.maxHeight = Number(argv[++i]);
      if (!(opts.maxHeight > 0)) usage("--max-height needs a number of pixels");
    }
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else opts.files.push(resolve(a));
  }
  if (!opts.files.length) usage("no HTML files given");
  if (opts.screenshots && !opts.out) usage("--out is needed for screenshots (or --no-screenshots)");
  return opts;
}

// Runs in the page: the elements whose box reaches past the viewport's right edge.
function measureOverflow() {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) {
      // an element inside a scroll container is fine: it scrolls, the page does not
      let p = el.parentElement;
      let clipped = false;
      while (p && p !== document.body) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") { clipped = true; break; }
        p = p.parentElement;
      }
      if (clipped) continue;
      const id = el.id ? `#${el.id}` : "";
      const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
      wide.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      if (wide.length >= 20) break;
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    innerWidth: window.innerWidth,
    wide,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { chromium } = require("playwright-core");
  const axePath = require.resolve("axe-core/axe.min.js");
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (opts.out) mkdirSync(opts.out, { recursive: true });

  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 60000 });
  const results = [];
  const stems = new Map(); // two projects may have briefs of the same name
  try {
    for (const file of opts.files) {
      const base = basename(file, ".html");
      const seen = stems.get(base) ?? 0;
      stems.set(base, seen + 1);
      const stem = seen ? `${base}-${seen + 1}` : base;
      const context = await browser.newContext({
        viewport: { width: WIDTHS[0], height: HEIGHT[WIDTHS[0]] },
        deviceScaleFactor: 1,
        serviceWorkers: "block",
        offline: true,
      });
      const blocked = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:")) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60000 });
      await page.addScriptTag({ path: axePath });
      const widths = [];
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: HEIGHT[width] });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const m = await page.evaluate(measureOverflow);
        const axe = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { resultTypes: ["violations"] });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 300) })),
          }));
        });
        let screenshot = null;
        if (opts.screenshots) {
          screenshot = join(opts.out, `${stem}-${width}.png`);
          const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), opts.maxHeight);
          await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width, height } });
        }
        widths.push({
          width,
          scrollWidth: m.scrollWidth,
          clientWidth: m.clientWidth,
          innerWidth: m.innerWidth,
          overflow: m.scrollWidth > m.clientWidth,
          wide: m.wide,
          screenshot,
          violations: axe,
        });
      }
      results.push({ file, blocked, errors, widths });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ axe: require("axe-core/package.json").version, files: results }, null, 1) + "\n");
}

main().catch((e) => {
  process.stderr.write(`axe_check: ${e && e.stack ? e.stack : e}\n`);
  process.exit(3);
});
