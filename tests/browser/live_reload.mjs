// Open a page served by `briefgen serve` in Debian's chromium (playwright-core, no bundled
// browser), wait until it shows OLD, print "ready", then wait until the page shows NEW (after
// the test saves a file and the page reloads itself) and print "seen <ms since epoch>".
// Only requests to the page's own origin are allowed.
//
//   node tests/browser/live_reload.mjs URL OLD NEW [TIMEOUT_MS]
//
// Exit code 0 when NEW was seen, 1 when it was not in time, 2 on bad usage, 3 when the browser
// could not be driven.

import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(resolve(here, "..", ".."), "package.json"));

const [url, oldText, newText, timeoutArg] = process.argv.slice(2);
if (!url || !oldText || !newText) {
  process.stderr.write("usage: node live_reload.mjs URL OLD NEW [TIMEOUT_MS]\n");
  process.exit(2);
}
const timeout = Number(timeoutArg || 60000);
const origin = new URL(url).origin;

let browser;
try {
  const { chromium } = require("playwright-core");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    headless: true,
    timeout: 60000,
  });
} catch (err) {
  process.stderr.write(`live_reload: cannot start chromium: ${err}\n`);
  process.exit(3);
}
try {
  const page = await browser.newPage();
  await page.route("**/*", (route) =>
    route.request().url().startsWith(origin) ? route.continue() : route.abort());
  await page.goto(url);
  const shows = (text) => page.waitForFunction(
    (t) => document.body && document.body.innerText.includes(t), text, { timeout, polling: 20 });
  await shows(oldText);
  process.stdout.write("ready\n");
  await shows(newText);
  process.stdout.write(`seen ${Date.now()}\n`);
  await browser.close();
  process.exit(0);
} catch (err) {
  process.stderr.write(`live_reload: ${err}\n`);
  await browser.close();
  process.exit(1);
}
