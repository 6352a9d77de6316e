// Lighthouse's SEO audit of some pages, in one headless Chromium (used by tests/test_reuse_lighthouse.py).
//
//   node tests/lighthouse_seo.mjs CHROMIUM HOST_RESOLVER_RULES URL...
//
// Prints one JSON object: {url: {score, failing: [{id, title, details}]}}. HOST_RESOLVER_RULES maps the
// site's public host onto the test's local server (e.g. "MAP handbook.test 127.0.0.1:8123"), so the
// pages are read at the address they were built for, and nothing leaves the machine.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [chromePath, rules, ...urls] = process.argv.slice(2);
// Lighthouse's own settings, but only the SEO category, and shorter waits after a page loads: these
// static pages are done when they load (the defaults wait a second or more for quiet on each page).
// Its image-alt audit is left out: it runs axe-core inside the page, the costliest part of the audit,
// and axe-core's own image-alt rule already checks every page (test_browser.py, WCAG 2.1 A).
const CONFIG = {
  extends: 'lighthouse:default',
  settings: {
    onlyCategories: ['seo'], disableFullPageScreenshot: true, skipAudits: ['image-alt'],
    pauseAfterFcpMs: 100, pauseAfterLoadMs: 100, networkQuietThresholdMs: 200, cpuQuietThresholdMs: 200,
  },
};
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--no-first-run',
    `--host-resolver-rules=${rules}`],
});
const results = {};
try {
  for (const url of urls) {
    const run = await lighthouse(url, {port: chrome.port, output: 'json', logLevel: 'error'}, CONFIG);
    const lhr = run.lhr;
    const weighed = new Set(lhr.categories.seo.auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id));
    const failing = Object.values(lhr.audits)
      .filter((audit) => weighed.has(audit.id) && audit.score !== null && audit.score < 1)
      .map((audit) => ({
        id: audit.id, title: audit.title, explanation: audit.explanation || '',
        details: JSON.stringify((audit.details && audit.details.items) || []).slice(0, 600),
      }));
    results[url] = {
      score: lhr.categories.seo.score, failing,
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
      finalUrl: lhr.finalDisplayedUrl,
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
