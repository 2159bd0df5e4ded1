// Memory under a long load: `harombe start` (bin/harombe.js, the built CLI) answering 30 streaming clients for 10
// minutes, a third of the turns cancelled (POST /conversations/:id/cancel) or dropped mid-stream, its RSS sampled.
//
//   npm run bench -- soak                                    the full run (10 minutes)
//   BENCH_SOAK_SECONDS=120 BENCH_SOAK_CLIENTS=10 npm run bench -- soak
//   BENCH_SOAK_NODE_ARGS=--max-semi-space-size=0 npm run bench -- soak      with V8's own heap sizing
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { printTable } from './support';

const SECONDS = Number(process.env['BENCH_SOAK_SECONDS'] ?? 600);
const CLIENTS = Number(process.env['BENCH_SOAK_CLIENTS'] ?? 30);
const SAMPLE_MS = 5_000;
const ROWS = 20;
/** Node options for harombe's process; one that sizes the heap replaces the launcher's (bin/harombe.js). */
const NODE_ARGS = (process.env['BENCH_SOAK_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

/** What one client does in a conversation, turn by turn; a new conversation follows the last. */
const PLAN = ['answer', 'answer', 'cancel', 'answer', 'answer', 'disconnect'] as const;
type TurnKind = (typeof PLAN)[number];

interface Counts {
  answered: number;
  cancelled: number;
  disconnected: number;
  errors: number;
  lastError?: string;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Seconds of CPU the process has used. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startHarombe(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'bin/harombe.js', 'start', '--port', '0'], {
    env: { ...process.env, HAROMBE_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`harombe exited ${code}: ${output}`)));
  });
  return { child, url };
}

/** The API's token, once harombe writes one (every route but the seed's needs it). */
async function authHeaders(home: string): Promise<Record<string, string>> {
  const token = await readFile(join(home, 'local-token'), 'utf8').then((text) => text.trim(), () => '');
  return token ? { authorization: `Bearer ${token}` } : {};
}

class Client {
  private conversationId: string | undefined;
  private step = 0;
  private cycle = 0;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly counts: Counts,
  ) {}

  async run(until: number): Promise<void> {
    while (Date.now() < until) {
      const kind = PLAN[this.step]!;
      try {
        await this.turn(kind);
      } catch (error) {
        this.fail(error instanceof Error ? error.message : String(error));
      }
      this.step = (this.step + 1) % PLAN.length;
      if (this.step === 0) {
        this.conversationId = undefined;
        this.cycle += 1;
      }
    }
  }

  private fail(message: string): void {
    this.counts.errors += 1;
    this.counts.lastError = message;
    // The conversation may be in any state now: start a new one.
    this.conversationId = undefined;
  }

  private async turn(kind: TurnKind): Promise<void> {
    // Every other conversation is cut off while it waits on a confirmation, the others while tokens stream.
    const message = kind === 'answer' ? 'soak' : this.cycle % 2 === 0 ? 'slow' : 'confirm';
    const stop = new AbortController();
    const response = await fetch(`${this.url}/chat/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers },
      body: JSON.stringify({ message, ...(this.conversationId ? { conversation_id: this.conversationId } : {}) }),
      signal: stop.signal,
    });
    if (!response.ok || !response.body) return this.fail(`POST /chat/stream answered ${response.status}`);
    const decoder = new TextDecoder();
    let text = '';
    let interrupted = false;
    try {
      for await (const chunk of response.body) {
        text += decoder.decode(chunk, { stream: true });
        if (!interrupted && kind !== 'answer' && /event: (token|confirm_required)/.test(text)) {
          interrupted = true;
          if (kind === 'disconnect') {
            stop.abort();
            this.counts.disconnected += 1;
            return;
          }
          const cancel = await fetch(`${this.url}/conversations/${this.conversationId}/cancel`, { method: 'POST', headers: this.headers });
          await cancel.arrayBuffer();
          if (!cancel.ok) return this.fail(`POST /conversations/:id/cancel answered ${cancel.status}`);
        }
      }
    } catch (error) {
      if (stop.signal.aborted) return;
      throw error;
    }
    const done = /event: done\ndata: (.*)\n/.exec(text);
    if (!done) return this.fail(`a turn ended without done: ${/event: error\ndata: (.*)\n/.exec(text)?.[1] ?? text.slice(-200)}`);
    const event = JSON.parse(done[1]!) as { conversation_id: string; cancelled?: boolean };
    this.conversationId = event.conversation_id;
    if (event.cancelled) this.counts.cancelled += 1;
    else this.counts.answered += 1;
  }
}

function slopeMbPerMinute(samples: { seconds: number; rss: number }[]): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const meanX = samples.reduce((sum, sample) => sum + sample.seconds, 0) / n;
  const meanY = samples.reduce((sum, sample) => sum + sample.rss, 0) / n;
  const covariance = samples.reduce((sum, sample) => sum + (sample.seconds - meanX) * (sample.rss - meanY), 0);
  const variance = samples.reduce((sum, sample) => sum + (sample.seconds - meanX) ** 2, 0);
  return (covariance / variance) * 60;
}

async function main(): Promise<void> {
  const standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  standIn.on({ lastUserMessage: 'slow' }).reply(Array.from({ length: 40 }, (_, index) => `s${index} `)).delayBetweenTokens(25);
  standIn.on({ lastUserMessage: 'confirm' }).callTool('shell', { command: 'echo soak' });
  standIn.otherwise().reply(['Hello', ' there', ', friend', '.', ' How', ' can', ' I', ' help', '?']);
  const home = await mkdtemp(join(tmpdir(), 'harombe-soak-'));
  await writeFile(
    join(home, 'harombe.yaml'),
    `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${join(home, 'workspace')}\n`,
  );
  const { child, url } = await startHarombe(home);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle = await rssMb(child.pid!);
    const heap = (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0').filter((arg) => /^--max-(semi|old)-space-size/.test(arg));
    console.log(`${CLIENTS} streaming clients for ${SECONDS} s against \`harombe start\` (node ${heap.join(' ') || 'with V8\'s own heap sizing'}); idle RSS ${idle.toFixed(1)} MB`);
    const cpuBefore = await cpuSeconds(child.pid!);

    const counts: Counts = { answered: 0, cancelled: 0, disconnected: 0, errors: 0 };
    const started = Date.now();
    const until = started + SECONDS * 1000;
    const headers = await authHeaders(home);
    const clients = Array.from({ length: CLIENTS }, () => new Client(url, headers, counts).run(until));
    const samples: { seconds: number; rss: number; turns: number }[] = [];
    const sampler = setInterval(() => {
      // The stand-in keeps every request it received; this run would fill the bench's own memory with them.
      standIn.requests.length = 0;
      void rssMb(child.pid!).then((rss) => {
        samples.push({ seconds: (Date.now() - started) / 1000, rss, turns: counts.answered + counts.cancelled + counts.disconnected });
      });
    }, SAMPLE_MS);
    await Promise.all(clients);
    clearInterval(sampler);
    const cpu = (await cpuSeconds(child.pid!)) - cpuBefore;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await rssMb(child.pid!);

    const every = Math.max(1, Math.ceil(samples.length / ROWS));
    console.log('\nRSS over time:');
    printTable(samples.filter((_, index) => index % every === every - 1 || index === samples.length - 1).map((sample) => ({
      s: String(Math.round(sample.seconds)),
      'RSS MB': sample.rss,
      turns: sample.turns.toLocaleString('en'),
    })));
    const secondHalf = samples.filter((sample) => sample.seconds >= SECONDS / 2);
    const halfRss = secondHalf.map((sample) => sample.rss);
    const turns = counts.answered + counts.cancelled + counts.disconnected;
    console.log(`\nTurns: ${turns} (${Math.round(turns / SECONDS)}/s): ${counts.answered} answered, ${counts.cancelled} cancelled, ${counts.disconnected} disconnected; errors ${counts.errors}${counts.lastError ? ` (last: ${counts.lastError})` : ''}`);
    console.log(`harombe's CPU: ${cpu.toFixed(1)} s, ${((cpu * 1000) / Math.max(1, turns)).toFixed(2)} ms a turn`);
    printTable([
      {
        'idle MB': idle,
        'peak MB': Math.max(...samples.map((sample) => sample.rss)),
        '2nd half min MB': Math.min(...halfRss),
        '2nd half max MB': Math.max(...halfRss),
        '2nd half slope MB/min': slopeMbPerMinute(secondHalf),
        'peak / idle': Math.max(...samples.map((sample) => sample.rss)) / idle,
        'after, idle MB': after,
      },
    ]);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await standIn.stop();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
