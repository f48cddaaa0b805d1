// Print briefgen HTML files to PDF with Debian's chromium (playwright-core, no bundled browser),
// as a reader's "Print" would: print media, the page size and margins the CSS asks for (no
// size or margin forced here), backgrounds off.  Used by tests/test_print.py; by hand:
//
//   node tests/browser/print_pdf.mjs --out /tmp/printed output/*/*.html
//
// Writes <out>/<stem>.pdf for each file and prints {"files": [{file, pdf}]} on stdout.  Exit code
// 0 when every file was printed, 2 on bad usage, 3 when the browser could not be driven.
// Chromium never touches the network: every request that is not a file: URL is aborted.

import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const require = createRequire(join(repo, "package.json"));

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
  "--mute-audio",
];

function usage(message) {
  process.stderr.write(`print_pdf: ${message}\nusage: node print_pdf.mjs --out DIR FILE.html...\n`);
  process.exit(2);
}

async function main() {
  const argv = process.argv.slice(2);
  let out = null;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = argv[++i] ?? usage("--out needs a folder");
    else if (argv[i].startsWith("-")) usage(`unknown option ${argv[i]}`);
    else files.push(resolve(argv[i]));
  }
  if (!out || !files.length) usage("--out and at least one HTML file are needed");
  mkdirSync(out, { recursive: true });
  const { chromium } = require("playwright-core");
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 60000 });
  const results = [];
  const stems = new Map();
  try {
    for (const file of files) {
      const base = basename(file, ".html");
      const seen = stems.get(base) ?? 0;
      stems.set(base, seen + 1);
      const stem = seen ? `${base}-${seen + 1}` : base;
      const context = await browser.newContext({ serviceWorkers: "block", offline: true });
      await context.route("**/*", (route) =>
        route.request().url().startsWith("file:") ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60000 });
      await page.emulateMedia({ media: "print" });
      const pdf = join(resolve(out), `${stem}.pdf`);
      // preferCSSPageSize: the paper and margins of the CSS @page rule, as the print dialog uses them
      await page.pdf({ path: pdf, preferCSSPageSize: true, displayHeaderFooter: false });
      results.push({ file, pdf });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ files: results }) + "\n");
}

main().catch((e) => {
  process.stderr.write(`print_pdf: ${e && e.stack ? e.stack : e}\n`);
  process.exit(3);
});
