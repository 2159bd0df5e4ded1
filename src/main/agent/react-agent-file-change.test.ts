// A file write's approval carries its diff against the current file, on the stream and in the pending list (a reloaded window sees it too).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentKit, type AgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import { writeFileTool } from '../tools/write-file-tool';

let kit: AgentKit | undefined;
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

describe('ReactAgent: a file write asks with its diff', () => {
  it('attaches the change against the current file to confirm_required and GET /confirmations', async () => {
    kit = await createAgentKit([callTools(toolCall('write_file', { path: 'notes.md', content: 'one\n2\n' }, 'w1')), reply('Updated.')], { extraTools: [writeFileTool] });
    await writeFile(join(kit.folder, 'notes.md'), 'one\ntwo\n');
    const k = kit;
    const events = await k.run({ message: 'fix the notes' }, (event) => {
      if (event.type !== 'confirm_required') return;
      // Read before it runs: the file still holds the old text.
      expect(k.broker.pending()[0]?.file_change).toEqual(event.file_change);
      k.broker.answer(event.confirmation_id, 'allow_once');
    });
    const confirm = events.find((event) => event.type === 'confirm_required');
    expect(confirm?.type === 'confirm_required' && confirm.file_change).toEqual({
      kind: 'diff',
      path: 'notes.md',
      new_file: false,
      added: 1,
      removed: 1,
      hunks: [{ old_start: 1, old_lines: 2, new_start: 1, new_lines: 2, lines: [' one', '-two', '+2'] }],
    });
    expect(await readFile(join(kit.folder, 'notes.md'), 'utf8')).toBe('one\n2\n');
  });
});
