// Measures the built app (dist/) in headless Chromium and prints each number next to its goal,
// then one JSON line with all of them:
//   node tests/e2e/bench.mjs [dist-dir]          (RUNS=5 by default; medians)
// - gzip -9 size of the app's wasm + JS: all of it, and the page alone
// - one update with the committee's keys cached: the core's own time in the worker (data-core-ms)
//   and the gap between consecutive steps as the page saw them (core + recording + messaging)
// - bootstrap -> 6 updates -> finality update of capella-p862 in the worker
// - cold page load to verified finality (navigation start to "Finalized: slot ..." on screen)
// - main-thread long tasks (PerformanceObserver 'longtask') during load and replay, and on the
//   #/committee view (the page draws the 512-member committee grid)
// - how long the page's main thread was busy until then (Chrome's TaskDuration; the worker shares
//   the machine's cores with it)
// Each timed row also shows the lowest and highest sample, so a noisy machine shows as a wide range.
// This is a benchmark, not a test: it asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { baseUrl, distDir, launchChromium, median, range, serve } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 5);

// Sizes
const sizes = {};
for (const f of readdirSync(distDir).filter((f) => /\.(wasm|js)$/.test(f))) {
  sizes[f] = gzipSync(readFileSync(path.join(distDir, f)), { level: 9 }).length;
  console.log(`size  ${f.padEnd(36)} ${(sizes[f] / 1024).toFixed(1).padStart(7)} KB gzip`);
}
const kb = (n) => n / 1024;
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
const page = Object.entries(sizes).filter(([f]) => !/^worker/.test(f)).reduce((a, [, n]) => a + n, 0);
const loadBefore = loadavg()[0];

const server = await serve(distDir);
const base = baseUrl(server);
const loads = [], chains = [], cores = [], gaps = [], busy = [], longTasks = [], viewTasks = [];
for (let i = 0; i < RUNS; i++) {
  const browser = await launchChromium('lucid-bench-');
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
    // Time the moment the verified status appears, from navigation start.
    new MutationObserver(() => {
      if (!window.__verifiedAt && document.querySelector('#finality-status[data-state="verified"]')) window.__verifiedAt = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto(base);
  await page.locator('#finality-status[data-state="verified"]').waitFor({ timeout: 30_000 });
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  busy.push(1000 * metrics.find((m) => m.name === 'TaskDuration').value);
  const r = await page.evaluate(() => ({
    at: window.__verifiedAt,
    long: window.__longTasks,
    steps: [...document.querySelectorAll('#steps li.step')].map((li) => {
      const t = li.querySelector('[data-at-ms]');
      return { kind: li.dataset.step, handover: /handed over/.test(li.textContent), at: Number(t?.dataset.atMs), core: t?.dataset.coreMs === undefined ? null : Number(t.dataset.coreMs) };
    }),
  }));
  loads.push(r.at);
  longTasks.push(...r.long);
  const finality = r.steps.find((s) => s.kind === 'finalityupdate');
  chains.push(finality.at);
  // Updates verified with the committee's keys already decompressed: not the first update of a
  // period (a step that hands the committee over, or the first after the bootstrap).
  for (let k = 1; k < r.steps.length; k++) {
    const [prev, cur] = [r.steps[k - 1], r.steps[k]];
    if (cur.core === null || cur.handover || prev.kind === 'bootstrap') continue;
    cores.push(cur.core);
    gaps.push(cur.at - prev.at);
  }
  // The views: the worker already verified the run; the page draws the 512-member committee grid.
  const views = await browser.context.newPage();
  await views.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  });
  await views.goto(`${base}#/committee`);
  await views.locator('.committee-grid').waitFor({ timeout: 30_000 });
  await views.waitForTimeout(500);
  viewTasks.push(await views.evaluate(() => window.__longTasks));
  await browser.close();
}
server.close();
const row = (what, value, unit, goal, samples, digits = 1) => {
  const spread = samples ? `(${range(samples).map((x) => x.toFixed(digits)).join('-')})` : '';
  console.log(`${what.padEnd(52)} ${value.padStart(9)} ${unit.padEnd(3)} ${spread.padEnd(13)} goal ${goal}`);
};
const over = longTasks.filter((d) => d > 50);
const viewOver = viewTasks.map((run) => run.filter((d) => d > 50).length);
const result = {
  runs: RUNS,
  load_avg_1m: { before: loadBefore, after: loadavg()[0] },
  gzip_kb: { total: kb(total), page: kb(page) },
  update_core_ms: median(cores),
  update_step_gap_ms: median(gaps),
  chain_to_finality_ms: median(chains),
  cold_load_to_finalized_ms: median(loads),
  page_main_thread_busy_ms: median(busy),
  ranges_ms: { update_core: range(cores), update_step_gap: range(gaps), chain_to_finality: range(chains), cold_load_to_finalized: range(loads), page_main_thread_busy: range(busy) },
  long_tasks_over_50ms: over.length,
  longest_task_ms: longTasks.length ? Math.max(...longTasks) : 0,
  committee_view_long_tasks_over_50ms: median(viewOver),
};
console.log(`medians of ${RUNS} runs (lowest-highest); 1-minute load average ${loadBefore.toFixed(2)} before, ${result.load_avg_1m.after.toFixed(2)} after`);
row('wasm + JS, gzip, all', kb(total).toFixed(1), 'KB', '<= 250');
row('wasm + JS, gzip, page (everything but the worker)', kb(page).toFixed(1), 'KB', '<= 110');
row(`one update, keys cached: the core's time (${cores.length} samples)`, median(cores).toFixed(2), 'ms', '<= 7', cores);
row('one update, keys cached: step gap seen by the page', median(gaps).toFixed(2), 'ms', '(core + recording + messaging)', gaps);
row('bootstrap -> 6 updates -> finality, in the worker', median(chains).toFixed(1), 'ms', '<= 150', chains, 0);
row('cold page load -> "Finalized: slot 7109344" on screen', median(loads).toFixed(0), 'ms', '<= 600', loads, 0);
row('the page\'s main thread busy until then', median(busy).toFixed(0), 'ms', '(shares the cores with the worker)', busy, 0);
row('main-thread long tasks > 50 ms, load + replay (all runs)', String(over.length), '', `none (longest ${result.longest_task_ms.toFixed(0)} ms)`);
row('main-thread long tasks > 50 ms, #/committee', String(median(viewOver)), '', 'none');
console.log(`bench-json ${JSON.stringify(result)}`);
