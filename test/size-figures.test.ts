// The same bytes read the same everywhere a person sees a size: `harombe models list`, a pull's progress line and
// the list_directory tool all said different GB figures for one model file (4.7 GB in the table, 4.4 GB from the tool).
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderModelsTable } from '../src/cli/models/models-table';
import { formatLayerLine } from '../src/cli/models/pull-progress';
import { createTerminalStyle } from '../src/cli/chat/terminal-style';
import { listDirectoryTool } from '../src/main/tools/list-directory-tool';

/** qwen2.5:7b's weights, as `ollama list` reports them: 4.7 GB. */
const MODEL_BYTES = 4_683_087_332;

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'harombe-sizes-'));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('one size, one figure', () => {
  it('gives a model file the figure `ollama list` gives, in the models table, the pull line and list_directory', async () => {
    const blob = join(workspace, 'qwen2.5-7b.gguf');
    await writeFile(blob, '');
    await truncate(blob, MODEL_BYTES); // sparse: no disk space taken

    const table = renderModelsTable(
      [{ name: 'qwen2.5:7b', size: MODEL_BYTES, configured: false }],
      0,
      createTerminalStyle(false),
    );
    const pull = formatLayerLine({ digest: '6a0746a1ec1a', completed: MODEL_BYTES, total: MODEL_BYTES });
    const listing = await listDirectoryTool.execute(listDirectoryTool.inputSchema.parse({}), { workspace, signal: new AbortController().signal });

    expect(table[1]).toContain('4.7 GB');
    expect(pull).toContain('4.7 GB / 4.7 GB');
    expect(listing.output).toBe('qwen2.5-7b.gguf  4.7 GB');
  });
});
