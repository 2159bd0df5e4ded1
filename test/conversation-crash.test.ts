// A conversation file survives SIGKILL at any moment of a save: it always parses and validates, never corrupt or empty.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileConversationStore } from '../src/main/agent/file-conversation-store';
import { conversationSchema } from '../src/shared';

const KILLS = 50;
const CONVERSATION_ID = 'crashtest';
let scratch: string;
let saverScript: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'harombe-crash-'));
  saverScript = join(scratch, 'conversation-saver.mjs');
  // tsx is not installed: bundle the TypeScript child into one plain .mjs that Node runs directly.
  await build({
    entryPoints: [join(import.meta.dirname, 'support', 'conversation-saver.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: saverScript,
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Starts a saver and SIGKILLs it `delayMs` after its first save (or right after spawn when delayMs is undefined). */
async function killSaverMidway(folder: string, delayMs: number | undefined): Promise<void> {
  const child = spawn(process.execPath, [saverScript, folder, CONVERSATION_ID], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  if (delayMs !== undefined) {
    const saved = new Promise<boolean>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('saved') && resolve(true));
      void exited.then(() => resolve(false));
    });
    if (!(await saved)) throw new Error(`the saver exited before saving: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  child.kill('SIGKILL');
  const signal = await exited;
  // Any other ending means the saver failed on its own, e.g. it could not load the file the previous one left.
  if (signal !== 'SIGKILL') throw new Error(`the saver ended without being killed: ${stderr}`);
}

describe('conversation files under SIGKILL', () => {
  it(`stay valid through ${KILLS} kills at varied moments`, async () => {
    const folder = join(scratch, 'conversations');
    const store = new FileConversationStore({ folder });
    let lastRound = -1;
    for (let kill = 0; kill < KILLS; kill += 1) {
      // Every tenth kill lands during start-up; the others 0-29 ms into the saving loop.
      await killSaverMidway(folder, kill % 10 === 0 ? undefined : (kill * 7) % 30);
      let text: string;
      try {
        text = await readFile(store.pathOf(CONVERSATION_ID), 'utf8');
      } catch (error) {
        // Before the first save completes there may be no file yet — never a broken one.
        expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
        expect(lastRound).toBe(-1);
        continue;
      }
      const parsed = conversationSchema.safeParse(JSON.parse(text));
      expect(parsed.success, `kill ${kill}: ${parsed.error?.message}`).toBe(true);
      const messages = parsed.data!.messages;
      expect(messages.length).toBeGreaterThan(0);
      const round = Number(/^reply (\d+) /.exec(messages.at(-1)!.content)?.[1]);
      expect(Number.isInteger(round)).toBe(true);
      lastRound = round;
    }
    expect(lastRound).toBeGreaterThanOrEqual(0);
    // Temp files left by killed writes are never mistaken for conversations.
    expect((await store.list()).map((summary) => summary.id)).toEqual([CONVERSATION_ID]);
    // Fifty Node start-ups: seconds on a quiet machine, far longer on two loaded cores — a guard, not a measure.
  }, 120_000);
});
