import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationIdSchema } from '../../shared';
import type { Conversation } from '../../shared';
import { conversationTitle, newConversationId } from './conversation-id';
import { ConversationStoreError, FileConversationStore } from './file-conversation-store';

function conversation(id: string, updated_at: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    title: `About ${id}`,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at,
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ],
    always_allow: [],
    ...overrides,
  };
}

describe('FileConversationStore', () => {
  let folder: string;
  let warnings: string[];
  let store: FileConversationStore;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'harombe-conversations-'));
    warnings = [];
    store = new FileConversationStore({ folder, logger: { warn: (message) => warnings.push(message) } });
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('saves one JSON file per conversation and reads it back', async () => {
    const saved = conversation('abc', '2025-01-02T00:00:00.000Z', { always_allow: [{ tool: 'shell', match: 'git status' }], approval_mode: 'rules_only' });
    await store.save(saved);
    expect(await readdir(folder)).toEqual(['abc.json']);
    expect(JSON.parse(await readFile(join(folder, 'abc.json'), 'utf8'))).toEqual(saved);
    expect(await store.get('abc')).toEqual(saved);
    // Conversations can hold private material.
    expect((await stat(join(folder, 'abc.json'))).mode & 0o777).toBe(0o600);
  });

  it('loads a file saved before "always allow" had scopes: each tool name is the rule for every call of it', async () => {
    const old = { ...conversation('old', '2025-01-02T00:00:00.000Z'), always_allow: ['shell', 'write_file'] };
    await writeFile(join(folder, 'old.json'), JSON.stringify(old));
    expect((await store.get('old'))?.always_allow).toEqual([{ tool: 'shell' }, { tool: 'write_file' }]);
  });

  it('lists summaries, most recently updated first', async () => {
    await store.save(conversation('old', '2025-01-01T00:00:00.000Z'));
    await store.save(conversation('new', '2025-03-01T00:00:00.000Z'));
    await store.save(conversation('mid', '2025-02-01T00:00:00.000Z'));
    const list = await store.list();
    expect(list.map((summary) => summary.id)).toEqual(['new', 'mid', 'old']);
    expect(list[0]).toEqual({ id: 'new', title: 'About new', created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-03-01T00:00:00.000Z', message_count: 2 });
  });

  it('skips a corrupt file in the list with a warning, and get() says which file and what to do', async () => {
    await store.save(conversation('good', '2025-01-01T00:00:00.000Z'));
    await writeFile(join(folder, 'broken.json'), '{"id": "broken", "messa');
    await writeFile(join(folder, 'wrong.json'), JSON.stringify({ id: 'wrong', title: 3 }));
    await writeFile(join(folder, '.good.json.1234.tmp'), 'half-written');

    expect((await store.list()).map((summary) => summary.id)).toEqual(['good']);
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toContain(join(folder, 'broken.json'));

    const failure = await store.get('broken').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConversationStoreError);
    expect(failure).toMatchObject({ code: 'conversation_corrupt', message: expect.stringContaining('not valid JSON'), hint: expect.stringContaining('Fix or delete') });
    await expect(store.get('wrong')).rejects.toThrow(/wrong\.json is not a valid conversation: title/);
  });

  it('reports unknown ids as missing and never reads outside its folder', async () => {
    await writeFile(join(folder, '..', 'outside.json'), JSON.stringify(conversation('outside', '2025-01-01T00:00:00.000Z')));
    expect(await store.get('nope')).toBeUndefined();
    expect(await store.get('../outside')).toBeUndefined();
    expect(await store.delete('../outside')).toBe(false);
    await rm(join(folder, '..', 'outside.json'));
  });

  it('lists nothing when the folder does not exist yet', async () => {
    const fresh = new FileConversationStore({ folder: join(folder, 'not-yet') });
    expect(await fresh.list()).toEqual([]);
  });

  it('refuses to save an invalid conversation, keeping the old file', async () => {
    await store.save(conversation('abc', '2025-01-01T00:00:00.000Z'));
    await expect(store.save({ ...conversation('abc', 'x'), messages: [{ role: 'robot' }] } as unknown as Conversation)).rejects.toThrow();
    expect((await store.get('abc'))?.messages).toHaveLength(2);
  });

  it('lands the last of several quick saves', async () => {
    const saves = Array.from({ length: 10 }, (_, index) =>
      store.save(conversation('abc', '2025-01-01T00:00:00.000Z', { title: `version ${index}` })),
    );
    await Promise.all(saves);
    expect((await store.get('abc'))?.title).toBe('version 9');
    expect(await readdir(folder)).toEqual(['abc.json']);
  });

  it('deletes a conversation', async () => {
    await store.save(conversation('abc', '2025-01-01T00:00:00.000Z'));
    expect(await store.delete('abc')).toBe(true);
    expect(await store.delete('abc')).toBe(false);
    expect(await store.get('abc')).toBeUndefined();
  });
});

describe('conversation ids and titles', () => {
  it('makes distinct url-safe ids', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newConversationId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(conversationIdSchema.safeParse(id).success && encodeURIComponent(id) === id).toBe(true);
  });

  it('titles a conversation with its first message on one line, cut near 60 characters', () => {
    expect(conversationTitle('  What is\nthe weather?  ')).toBe('What is the weather?');
    const title = conversationTitle('Please summarise every markdown file in this repository and list the open questions');
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title).toBe('Please summarise every markdown file in this repository and…');
    expect(conversationTitle('Pleasesummariseeverymarkdownfileinthisrepositoryandlisttheopenquestions')).toHaveLength(60);
    expect(conversationTitle('   ')).toBe('New conversation');
  });
});
