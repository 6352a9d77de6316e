// Lighthouse's performance audit (mobile preset) of some pages, in one headless Chromium; used by
// `make bench-web` (hooks/handbook/tools/webbench.py), not by the tests.
//
//   node hooks/handbook/tools/lighthouse_perf.mjs CHROMIUM RUNS URL...
//
// Audits each page RUNS times and keeps the run with the median score (Lighthouse's advice: a
// single run varies with the machine's load). Prints one JSON object:
// {url: {score, scores, metrics: {...}, requests: [{url, type, transfer, size}], shifts: [...]}}.
// Lighthouse's default settings are its mobile preset: a mid-range phone (4x slower CPU) on a slow 4G
// connection (simulated throttling).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [chromePath, runsText, ...urls] = process.argv.slice(2);
const RUNS = Math.max(1, parseInt(runsText, 10) || 1);
const CONFIG = {
  extends: 'lighthouse:default',
  settings: {onlyCategories: ['performance'], disableFullPageScreenshot: true},
};
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time',
  'cumulative-layout-shift', 'speed-index', 'interactive'];
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const results = {};
try {
  for (const url of urls) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await lighthouse(url, {port: chrome.port, output: 'json', logLevel: 'error'}, CONFIG);
      runs.push(run.lhr);
    }
    runs.sort((a, b) => (a.categories.performance.score || 0) - (b.categories.performance.score || 0));
    const lhr = runs[Math.floor(runs.length / 2)];
    const metrics = {};
    for (const id of METRICS) metrics[id] = lhr.audits[id] ? lhr.audits[id].numericValue : null;
    const items = (lhr.audits['network-requests'].details || {}).items || [];
    const shifts = ((lhr.audits['layout-shifts'] || {}).details || {}).items || [];
    results[url] = {
      score: lhr.categories.performance.score,
      scores: runs.map((r) => r.categories.performance.score),
      metrics,
      requests: items.map((item) => ({
        url: item.url, type: item.resourceType, transfer: item.transferSize, size: item.resourceSize,
      })),
      shifts: shifts.map((item) => ({score: item.score, node: item.node ? item.node.selector || item.node.snippet : ''})),
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
      version: lhr.lighthouseVersion,
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
