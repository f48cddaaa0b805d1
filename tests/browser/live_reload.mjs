// Open a page served by `briefgen serve` in Debian's chromium (playwright-core, no bundled
// browser), wait until it shows OLD and asks for a new version, print "ready", then wait until
// the page shows NEW (after the test saves a file and the page reloads itself) and print
// "seen <ms since epoch> shown <ms since epoch>" (when this script noticed it, and the page's
// own clock at the first frame that showed it).
// Requests leave for this machine only.
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

let browser;
try {
  const { chromium } = require("playwright-core");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // every request off this machine goes to a closed port, so nothing leaves it (intercepting
    // each request in this script instead would add its round trip to every reload measured)
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
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
  // "ready" once the page shows OLD and waits for a new version, as an open page does
  const watching = page.waitForRequest((r) => r.url().includes("/__briefgen/version"), { timeout });
  await page.goto(url);
  const shows = (text) => page.waitForFunction(
    (t) => document.body && document.body.innerText.includes(t), text, { timeout, polling: 20 });
  await shows(oldText);
  await watching;
  process.stdout.write("ready\n");
  // the page's own clock at the first frame that shows NEW (it is checked at every frame)
  const shown = await page.waitForFunction(
    (t) => document.body && document.body.innerText.includes(t)
      && Math.round(performance.timeOrigin + performance.now()),
    newText, { timeout, polling: "raf" });
  process.stdout.write(`seen ${Date.now()} shown ${await shown.jsonValue()}\n`);
  await browser.close();
  process.exit(0);
} catch (err) {
  process.stderr.write(`live_reload: ${err}\n`);
  await browser.close();
  process.exit(1);
}
