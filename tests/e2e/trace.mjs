// Where the time goes on a cold load of the built app (dist/), from Chrome's own trace:
//   node tests/e2e/trace.mjs [dist-dir]          (RUNS=3 by default; medians)
// - the worker: when its thread starts and when its task for the page's Verify request starts
//   (from the page's first task), how long that task ran, and how much of it the browser spent
//   compiling WebAssembly functions on their first call (wasm.CompileLazy);
// - the page's main thread until "Finalized" shows: self time by kind (running script and wasm,
//   compiling wasm lazily, style, layout, paint, everything else).
// Tracing slows the page a little; tests/e2e/bench.mjs gives the untraced numbers. This is a
// measurement, not a test: it asserts nothing.
import { baseUrl, distDir, launchChromium, median, range, serve } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 3);

// Trace event names, grouped by what the time was spent on.
const KINDS = [
  ['running script and wasm', /^(FunctionCall|v8\.callFunction|v8\.run|EvaluateScript|HandlePostMessage|TimerFire|FireAnimationFrame|RunMicrotasks|v8\.newInstance)$/],
  ['compiling wasm on first call', /^wasm\.CompileLazy$/],
  ['style', /recalcStyle|UpdateStyle|ParseAuthorStyleSheet/i],
  ['layout', /Layout|ShapeText|SetTextWithOffset/],
  ['paint and compositing', /Paint|Commit|Raster|Composit/],
];

/** Self time (ms) of each event of one thread, by the event's name. */
function selfTimes(events) {
  const self = new Map(), stack = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    while (stack.length && e.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
    if (stack.length) self.set(stack.at(-1).name, (self.get(stack.at(-1).name) ?? 0) - e.dur / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur / 1000);
    stack.push(e);
  }
  return self;
}

const server = await serve(distDir);
const rows = new Map();
const add = (what, ms) => rows.set(what, [...(rows.get(what) ?? []), ms]);
for (let i = 0; i < RUNS; i++) {
  const browser = await launchChromium('lucid-trace-');
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink', 'loading'] } });
  await page.goto(baseUrl(server));
  await page.locator('#finality-status[data-state="verified"]').waitFor({ timeout: 30_000 });
  const finality = await page.evaluate(() =>
    Number(document.querySelector('#steps li.step[data-step="finalityupdate"] [data-at-ms]').dataset.atMs));
  await cdp.send('Tracing.end');
  await complete;
  await browser.close();

  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const worker = [...threads].find(([, name]) => name === 'DedicatedWorker thread')?.[0];
  const pid = worker?.split(':')[0];
  const main = [...threads].find(([key, name]) => name === 'CrRendererMain' && key.startsWith(`${pid}:`))?.[0];
  if (!worker || !main) throw new Error('the trace has no page or worker thread');
  const on = (key) => events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && e.dur);

  const workerEvents = on(worker);
  const verify = workerEvents.filter((e) => e.name === 'HandlePostMessage').sort((a, b) => b.dur - a.dur)[0];
  const during = (e) => e.ts >= verify.ts && e.ts < verify.ts + verify.dur;
  // When things happen, from the page's first task: the worker's first task, then its Verify task.
  const mainEvents = on(main);
  const first = (es) => es.reduce((t, e) => Math.min(t, e.ts), Infinity);
  const start = first(mainEvents);
  add('worker: its thread\'s first task, from the page\'s first', (first(workerEvents) - start) / 1000);
  add('worker: its Verify task starts, from the page\'s first', (verify.ts - start) / 1000);
  add('worker: bootstrap -> 6 updates -> finality (its step time)', finality);
  add('worker: its task for the Verify request, in all', verify.dur / 1000);
  add('worker:   of which compiling wasm on first call', selfTimes(workerEvents.filter(during)).get('wasm.CompileLazy') ?? 0);

  const self = selfTimes(mainEvents);
  // The main thread's top-level tasks, each counted once.
  let total = 0, end = 0;
  for (const e of mainEvents.filter((e) => e.name === 'RunTask').sort((a, b) => a.ts - b.ts)) {
    if (e.ts >= end) { total += e.dur / 1000; end = e.ts + e.dur; }
  }
  let counted = 0;
  for (const [kind, re] of KINDS) {
    const ms = [...self].filter(([name]) => re.test(name)).reduce((sum, [, t]) => sum + t, 0);
    counted += ms;
    add(`page's main thread: ${kind}`, ms);
  }
  add('page\'s main thread: everything else (loading, parsing, scheduling)', Math.max(0, total - counted));
  add('page\'s main thread: busy in all (its tasks)', total);
}
server.close();
console.log(`medians of ${RUNS} traced cold loads (lowest-highest), ms`);
for (const [what, xs] of rows) {
  console.log(`${what.padEnd(66)} ${median(xs).toFixed(0).padStart(5)}  (${range(xs).map((x) => x.toFixed(0)).join('-')})`);
}
