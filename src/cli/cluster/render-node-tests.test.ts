import { describe, expect, it } from 'vitest';
import { createTerminalStyle } from '../chat/terminal-style';
import type { NodeTestResult } from '../../shared';
import { allNodesPassed } from '../../main/cluster';
import { renderNodeTests } from './render-node-tests';

const plain = createTerminalStyle(false);
const node = (name: string) => ({ name, kind: 'ollama' as const, host: '10.0.0.2', port: 11434, model: 'qwen2.5:7b', tier: 1 });

const passed: NodeTestResult = {
  node: node('gpu'),
  checks: [
    { name: 'reachable', status: 'pass', detail: 'http://10.0.0.2:11434/api/tags answered in 3 ms' },
    { name: 'auth', status: 'pass', detail: 'no token needed' },
    { name: 'model', status: 'pass', detail: 'qwen2.5:7b is there' },
    { name: 'completion', status: 'pass', detail: 'answered in 340 ms: "OK"' },
  ],
};
const failed: NodeTestResult = {
  node: node('box'),
  checks: [
    { name: 'reachable', status: 'fail', detail: 'Cannot reach http://10.0.0.2:11434/api/tags (ECONNREFUSED)', fix: 'Run `ollama serve` on 10.0.0.2.' },
    { name: 'auth', status: 'skip', detail: 'not checked' },
    { name: 'model', status: 'skip', detail: 'not checked' },
    { name: 'completion', status: 'skip', detail: 'not checked' },
  ],
};

describe('renderNodeTests', () => {
  it('each node with its checks, ✓ ✗ -, the fix under a failure, and who failed', () => {
    expect(renderNodeTests([passed, failed], plain)).toEqual([
      'gpu  tier 1 · ollama at 10.0.0.2:11434 · qwen2.5:7b',
      '  ✓ reachable   http://10.0.0.2:11434/api/tags answered in 3 ms',
      '  ✓ auth        no token needed',
      '  ✓ model       qwen2.5:7b is there',
      '  ✓ completion  answered in 340 ms: "OK"',
      'box  tier 1 · ollama at 10.0.0.2:11434 · qwen2.5:7b',
      '  ✗ reachable   Cannot reach http://10.0.0.2:11434/api/tags (ECONNREFUSED)',
      '      fix: Run `ollama serve` on 10.0.0.2.',
      '  - auth        not checked',
      '  - model       not checked',
      '  - completion  not checked',
      '',
      '1 of 2 nodes passed; box failed.',
    ]);
    expect(allNodesPassed([passed, failed])).toBe(false);
  });

  it('says so when every node passed', () => {
    expect(renderNodeTests([passed, { ...passed, node: node('other') }], plain).at(-1)).toBe('All 2 nodes passed.');
    expect(allNodesPassed([passed])).toBe(true);
  });
});
