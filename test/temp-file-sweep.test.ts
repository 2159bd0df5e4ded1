// Writes cut off by a kill leave temp files behind (the conversations, the config); the next start removes them —
// only harombe's own, only in harombe's folders, never a person's file with a name like them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempFileName } from '../src/main/fs/temp-name';
import { HarombeRuntime } from '../src/main/runtime';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome } from './support/run-cli';

/** The pid of a process that has ended, as in the temp names of the writes a kill cut off. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

/** Saves a big conversation again and again until SIGKILLed mid-write (see test/conversation-crash.test.ts). */
let saverScript: string;

beforeAll(async () => {
  saverScript = join(await mkdtemp(join(tmpdir(), 'harombe-saver-')), 'conversation-saver.mjs');
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

/** Kills savers mid-write until their temp files lie in `folder` (most kills land in a write of hundreds of KB). */
async function killSavesMidway(folder: string): Promise<string[]> {
  for (let kill = 0; kill < 40; kill += 1) {
    const child = spawn(process.execPath, [saverScript, folder, 'killed1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('saved') && resolve()));
    await new Promise((resolve) => setTimeout(resolve, kill % 7));
    child.kill('SIGKILL');
    await exited;
    const left = (await readdir(folder)).filter((name) => name.endsWith('.tmp'));
    if (left.length >= 2) return left;
  }
  throw new Error('40 killed saves left fewer than 2 temp files');
}

let standIn: OllamaStandIn;
let runtime: HarombeRuntime | undefined;
let previousHome: string | undefined;

beforeEach(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  previousHome = process.env['HAROMBE_HOME'];
});
afterEach(async () => {
  await runtime?.stop({ graceDeadlineMs: 500 });
  runtime = undefined;
  await standIn.stop();
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});

describe('harombe start after writes were killed', () => {
  it('removes their temp files from the home, the conversations and the config folder, and nothing else', async () => {
    const home = (process.env['HAROMBE_HOME'] = await makeHome());
    const conversations = join(home, 'conversations');
    // The config in a person's own folder (--config), among their files.
    const projects = await mkdtemp(join(tmpdir(), 'harombe-projects-'));
    const config = join(projects, 'harombe.yaml');
    await mkdir(conversations, { recursive: true });
    await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${join(home, 'workspace')}\n`);

    const cutOff = (await killSavesMidway(conversations)).map((name) => join(conversations, name));
    const killed = deadPid();
    const leftovers = [
      ...cutOff,
      // Named as harombe 0.1 named them.
      join(conversations, `.p0Q7zz.json.${killed}.3.tmp`),
      join(projects, tempFileName('harombe.yaml', killed, 4)),
      join(projects, `.harombe.yaml.${killed}.5.tmp`),
      join(home, tempFileName('local-token', killed, 6)),
    ];
    for (const path of leftovers.slice(cutOff.length)) await writeFile(path, '{"id":"p0Q7zz","messages":[{"role":"user","con');
    const saved = join(conversations, 'killed1.json');
    const persons = [
      join(projects, '.notes.txt.1234.1.tmp'),
      join(projects, tempFileName('notes.txt', killed, 7)),
      join(projects, '.harombe.yaml.swp'),
      join(home, 'harombe.yaml.tmp'),
    ];
    for (const path of persons) await writeFile(path, 'mine');
    const photo = join(projects, 'photo.jpg');
    await writeFile(photo, 'jpeg');
    await symlink(photo, join(home, tempFileName('photo.jpg', killed, 8)));
    // Another harombe (a `harombe chat` sharing the home) is saving a conversation right now: its temp file stays.
    const inFlight = join(conversations, tempFileName('busy01.json', process.ppid, 9));
    await writeFile(inFlight, '{"id":"bu');

    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line), warn: () => undefined, error: () => undefined };
    runtime = await HarombeRuntime.create({ configPath: config, port: 0, logger });
    await runtime.start();

    const everything = [...(await readdir(home)), ...(await readdir(conversations)), ...(await readdir(projects))];
    for (const path of leftovers) expect(everything, path).not.toContain(path.split('/').at(-1));
    for (const path of [...persons, photo, saved, inFlight]) expect(everything, path).toContain(path.split('/').at(-1));
    expect(everything).toContain(tempFileName('photo.jpg', killed, 8));
    expect(await readFile(photo, 'utf8')).toBe('jpeg');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Removed ${leftovers.length} temp files \\(.+\\) left by writes that were cut off`)));
  });
});
