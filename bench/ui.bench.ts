// The chat window in Chromium (playwright-core) against a real `harombe start` over the Ollama stand-in, with a
// seeded 1,000-message conversation: time to interactive after /health, the first render of that conversation,
// the longest main-thread task while scrolling it top to bottom and while an answer streams at 200 tokens/s, and the
// chat view's initial JavaScript gzipped. Long tasks come from PerformanceObserver('longtask') (only tasks over
// 50 ms are reported); the longest frame gap (requestAnimationFrame to requestAnimationFrame) is printed beside it.
// Needs the renderer built (`npx electron-vite build`) and the CLI (`npm run build:cli`). UI_BENCH_RUNS=n (default 3).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHarombe, type RunningHarombe } from '../e2e/support/harombe-server';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { printTable } from './support';

// The page functions below run in Chromium; this project typechecks bench/ without DOM types, so the few they use
// are declared here.
declare const window: unknown;
declare const document: { querySelector(selector: string): { textContent: string | null; disabled?: boolean } | null };
declare function requestAnimationFrame(callback: (now: number) => void): number;
interface Scroller {
  scrollTo(options: { top: number }): void;
  scrollBy(options: { top: number }): void;
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}

const RUNS = Number(process.env['UI_BENCH_RUNS'] ?? 3);
const STREAM_TOKENS = 1_000;
const TOKENS_PER_SECOND = 200;
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** 250 exchanges, 1,000 messages: a question, a shell call, its output, an answer with a code block. */
function fixture(): object {
  const messages = Array.from({ length: 250 }, (_, index) => [
    { role: 'user', content: `Question ${index}: how do I read the value?` },
    { role: 'assistant', content: '', tool_calls: [{ id: `call_${index}`, name: 'shell', arguments: JSON.stringify({ command: `grep -n value src/file-${index}.ts` }) }] },
    { role: 'tool', tool_call_id: `call_${index}`, name: 'shell', content: `12: const value = ${index};\n[exit code 0]` },
    {
      role: 'assistant',
      content: `Answer ${index}: the **value** is set in \`src/file-${index}.ts\`:\n\n\`\`\`ts\nexport function read(): number {\n  const value = ${index};\n  return value * 2; // doubled\n}\n\`\`\`\n\nCall \`read()\` to get it.`,
    },
  ]).flat();
  const now = new Date().toISOString();
  return { id: 'bench-1000', title: 'Bench 1000', created_at: now, updated_at: now, messages, always_allow: [] };
}

/** What index.html loads before the chat can be used: its scripts, module preloads and stylesheets, gzipped. */
async function initialJavaScript(): Promise<{ initialKb: number; lazyKb: number }> {
  const root = 'out/renderer';
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((match) => match[1]!));
  let initialBytes = 0;
  let lazyBytes = 0;
  for (const file of await readdir(join(root, 'assets'))) {
    if (!file.endsWith('.js')) continue;
    const size = gzipSync(await readFile(join(root, 'assets', file)), { level: 9 }).length;
    if (initial.has(`assets/${file}`)) initialBytes += size;
    else lazyBytes += size;
  }
  return { initialKb: initialBytes / 1024, lazyKb: lazyBytes / 1024 };
}

/** Starts collecting long tasks and frame gaps in the page; `take()` returns the longest of each since the last take. */
async function installProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = { longest: 0, longTasks: 0, frameGap: 0, last: performance.now() };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.longest = Math.max(probe.longest, entry.duration);
        probe.longTasks += 1;
      }
    }).observe({ type: 'longtask' } as never);
    const frame = (now: number) => {
      probe.frameGap = Math.max(probe.frameGap, now - probe.last);
      probe.last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

async function takeProbes(page: Page): Promise<{ longestTask: number; longTasks: number; frameGap: number }> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __probe: { longest: number; longTasks: number; frameGap: number; last: number } }).__probe;
    const taken = { longestTask: probe.longest, longTasks: probe.longTasks, frameGap: probe.frameGap };
    probe.longest = 0;
    probe.longTasks = 0;
    probe.frameGap = 0;
    probe.last = performance.now();
    return taken;
  });
}

/** A moment for idle work (highlighting) to finish. */
const settle = (page: Page, ms = 1_500) => page.waitForTimeout(ms);

interface RunFigures {
  interactiveMs: number;
  firstRenderMs: number;
  openLongestTask: number;
  scrollLongestTask: number;
  scrollFrameGap: number;
  streamLongestTask: number;
  streamFrameGap: number;
  streamRate: number;
}

async function oneRun(browser: Browser, standIn: OllamaStandIn): Promise<RunFigures> {
  let harombe: RunningHarombe | undefined;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    harombe = await startHarombe(`model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n`, '  sandbox: none\n  web_search: false\n');
    const folder = join(harombe.home, 'conversations');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'bench-1000.json'), JSON.stringify(fixture()));
    await mkdir(join(harombe.home, 'workspace'), { recursive: true });

    // Time to interactive: /health answers → the page is loaded, signed in, and the composer takes a message.
    while (!(await fetch(`${harombe.url}/health`).then((response) => response.ok, () => false))) await new Promise((resolve) => setTimeout(resolve, 20));
    const healthAt = Date.now();
    const page = await context.newPage();
    await page.goto(harombe.signInUrl);
    await page.getByRole('textbox', { name: 'Message harombe' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('textarea[aria-label="Message harombe"]')?.disabled);
    const interactiveMs = Date.now() - healthAt;
    await installProbes(page);

    // First render: the click on the conversation → its last exchange drawn (the fetch of 1,000 messages included).
    const row = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Bench 1000', exact: true });
    await row.waitFor();
    await takeProbes(page);
    const firstRenderMs = await row.evaluate(
      (button) =>
        new Promise<number>((resolve) => {
          performance.mark('bench-open');
          const started = performance.now();
          (button as unknown as { click(): void }).click();
          const check = () => {
            const last = document.querySelector('article[aria-posinset="250"]');
            if (last?.textContent?.includes('Answer 249')) {
              // The frame that shows it: after the next paint.
              requestAnimationFrame(() =>
                setTimeout(() => {
                  performance.measure('bench-first-render', 'bench-open');
                  resolve(performance.now() - started);
                }, 0),
              );
            } else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
    );
    await settle(page);
    const open = await takeProbes(page);

    // Scrolling: to the top, then down to the bottom ~300 px a frame, as a fast wheel would.
    const conversation = page.getByLabel('Conversation', { exact: true });
    await conversation.evaluate((element) => (element as unknown as Scroller).scrollTo({ top: 0 }));
    await settle(page);
    await takeProbes(page);
    await conversation.evaluate(
      (target) =>
        new Promise<void>((resolve) => {
          const element = target as unknown as Scroller;
          const step = () => {
            element.scrollBy({ top: 300 });
            if (element.scrollTop + element.clientHeight >= element.scrollHeight - 2) resolve();
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    await settle(page, 300);
    const scroll = await takeProbes(page);
    await settle(page);

    // Streaming: an answer of 1,000 tokens at 200 tokens/s, at the end of the 1,000-message conversation.
    await takeProbes(page);
    const box = page.getByRole('textbox', { name: 'Message harombe' });
    await box.fill('Stream a long answer please');
    const sentAt = Date.now();
    await box.press('Enter');
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 60_000 });
    const streamSeconds = (Date.now() - sentAt) / 1000;
    const stream = await takeProbes(page);
    const text = await page.getByRole('article', { name: 'Exchange' }).last().textContent();
    if (!text?.includes(`w${STREAM_TOKENS - 1}`)) throw new Error('the streamed answer did not arrive whole');

    return {
      interactiveMs,
      firstRenderMs,
      openLongestTask: open.longestTask,
      scrollLongestTask: scroll.longestTask,
      scrollFrameGap: scroll.frameGap,
      streamLongestTask: stream.longestTask,
      streamFrameGap: stream.frameGap,
      streamRate: STREAM_TOKENS / streamSeconds,
    };
  } finally {
    await context.close();
    await harombe?.stop();
  }
}

const range = (values: number[]) => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return Math.round(low) === Math.round(high) ? `${Math.round(low)}` : `${Math.round(low)}–${Math.round(high)}`;
};

async function main(): Promise<void> {
  if (!existsSync('out/renderer/index.html') || !existsSync('out/cli')) {
    console.log('ui bench skipped: it needs the renderer and the CLI built — npx electron-vite build && npm run build:cli');
    return;
  }
  const standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  // 1,000 tokens at 200 tokens/s, with Markdown in it (a list and a code block) so the streaming message re-parses.
  const tokens = Array.from({ length: STREAM_TOKENS }, (_, index) => (index % 100 === 0 ? `\n\n- item w${index}` : index % 250 === 1 ? `\n\n\`\`\`ts\nconst w${index} = 1;\n\`\`\`\n\n` : ` w${index}`));
  standIn.on({ lastUserMessage: /Stream a long answer/ }).reply(tokens).delayBetweenTokens(1000 / TOKENS_PER_SECOND);
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const version = browser.version();
  const runs: RunFigures[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) runs.push(await oneRun(browser, standIn));
  } finally {
    await browser.close();
    await standIn.stop();
  }
  const js = await initialJavaScript();
  const of = (key: keyof RunFigures) => runs.map((figures) => figures[key]);
  const none = (values: number[]) => (values.every((value) => value === 0) ? 'none > 50' : range(values));
  console.log(`${runs.length} runs, Chromium ${version}; ranges are min–max over the runs; long tasks are those over 50 ms.\n`);
  printTable([
    { figure: 'time to interactive after /health (ms)', value: range(of('interactiveMs')), target: '≤ 1000' },
    { figure: 'first render, 1,000 messages (ms)', value: range(of('firstRenderMs')), target: '≤ 200' },
    { figure: 'longest task opening it (ms)', value: none(of('openLongestTask')), target: '' },
    { figure: 'longest task scrolling top to bottom (ms)', value: none(of('scrollLongestTask')), target: '≤ 50' },
    { figure: 'longest frame gap scrolling (ms)', value: range(of('scrollFrameGap')), target: '' },
    { figure: `longest task streaming ${STREAM_TOKENS} tokens (ms)`, value: none(of('streamLongestTask')), target: '≤ 50' },
    { figure: 'longest frame gap streaming (ms)', value: range(of('streamFrameGap')), target: '' },
    { figure: 'streaming rate achieved (tokens/s)', value: range(of('streamRate')), target: `${TOKENS_PER_SECOND}` },
    { figure: 'initial JS, gzipped (KB)', value: js.initialKb.toFixed(1), target: '≤ 250' },
    { figure: 'lazy chunks, gzipped (KB)', value: js.lazyKb.toFixed(1), target: '' },
  ]);
}

await main();
