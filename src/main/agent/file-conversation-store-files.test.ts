// The conversation store against files a person (or a crash) left in its folder: what list() skips and says, what
// get() and delete() answer, each in words that name the file and what to do.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../shared';
import { ConversationStoreError, FileConversationStore } from './file-conversation-store';

function conversation(id: string, updated_at = '2025-01-01T00:00:00.000Z'): Conversation {
  return { id, title: `About ${id}`, created_at: '2025-01-01T00:00:00.000Z', updated_at, messages: [{ role: 'user', content: 'hi' }], always_allow: [] };
}

let folder: string;
let warnings: string[];
let store: FileConversationStore;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harombe-conversation-files-'));
  warnings = [];
  store = new FileConversationStore({ folder, logger: { warn: (message) => warnings.push(message) } });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(folder, { recursive: true, force: true });
});

describe('FileConversationStore and the files in its folder', () => {
  it('refuses a file that holds another conversation than its name says', async () => {
    await writeFile(join(folder, 'abc.json'), JSON.stringify(conversation('xyz')));
    const error = await store.get('abc').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConversationStoreError);
    expect(error).toMatchObject({
      code: 'conversation_corrupt',
      message: `${join(folder, 'abc.json')} holds conversation "xyz", not "abc".`,
      hint: `Fix or delete ${join(folder, 'abc.json')}; other conversations are not affected.`,
    });
  });

  it('names at most three problems of an invalid file, with where each is, the file itself as (file)', async () => {
    await writeFile(join(folder, 'list.json'), '[]');
    await expect(store.get('list')).rejects.toMatchObject({
      name: 'ConversationStoreError',
      code: 'conversation_corrupt',
      message: expect.stringContaining(`${join(folder, 'list.json')} is not a valid conversation: (file): `),
    });
    await writeFile(join(folder, 'robot.json'), JSON.stringify({ ...conversation('robot'), messages: [{ role: 'robot', content: 'beep' }] }));
    await expect(store.get('robot')).rejects.toThrow(/robot\.json is not a valid conversation: messages\.0\.role: /);
    await writeFile(join(folder, 'many.json'), JSON.stringify({ id: 'many', title: 1, created_at: 2, updated_at: 3, messages: 4 }));
    const message = ((await store.get('many').catch((caught: unknown) => caught)) as Error).message;
    expect(message.split('; ')).toHaveLength(3);
    expect(message).toMatch(/^.*many\.json is not a valid conversation: title: .*; created_at: .*; updated_at: [^;]*\.$/);
  });

  it('warns about each skipped file with its problem and what to do, and lists the rest', async () => {
    await store.save(conversation('good'));
    await writeFile(join(folder, 'broken.json'), '{');
    expect((await store.list()).map((summary) => summary.id)).toEqual(['good']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^Skipping a conversation: ${join(folder, 'broken.json').replaceAll('/', '\\/')} is not valid JSON \\(.*\\)\\. Fix or delete `));
  });

  it('leaves alone what is not a conversation file: other names, ids that cannot be, temporary files', async () => {
    await store.save(conversation('good'));
    await writeFile(join(folder, 'notes.txt'), 'not json');
    await writeFile(join(folder, 'bad id!.json'), '{');
    await writeFile(join(folder, '.good.json'), '{');
    // A copy beside it whose name, cut like a .json one, would read as the same conversation.
    await writeFile(join(folder, 'good.orig'), '{');
    expect((await store.list()).map((summary) => summary.id)).toEqual(['good']);
    expect(warnings).toEqual([]);
  });

  it('lists many conversations newest first, whatever order they were saved in', async () => {
    const months = ['03', '11', '01', '07', '05', '09', '02'];
    for (const month of months) await store.save(conversation(`m${month}`, `2025-${month}-01T00:00:00.000Z`));
    expect((await store.list()).map((summary) => summary.id)).toEqual(['m11', 'm09', 'm07', 'm05', 'm03', 'm02', 'm01']);
  });

  it('passes on a failure to read that is not a missing file, for get, list and delete', async () => {
    await mkdir(join(folder, 'odd.json'));
    await expect(store.get('odd')).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(store.list()).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(store.delete('odd')).rejects.toThrow();
    await writeFile(join(folder, 'file'), '');
    await expect(new FileConversationStore({ folder: join(folder, 'file') }).list()).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('warns on the console when given no logger', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await writeFile(join(folder, 'broken.json'), '{');
    expect(await new FileConversationStore({ folder }).list()).toEqual([]);
    expect(warned).toHaveBeenCalledWith(expect.stringMatching(/^Skipping a conversation: .*broken\.json is not valid JSON/));
  });
});
