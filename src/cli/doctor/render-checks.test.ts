import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../main/diagnostics';
import { createTerminalStyle } from '../chat/terminal-style';
import { renderChecks, summarizeChecks } from './render-checks';

const plain = createTerminalStyle(false);

const checks: DiagnosticCheck[] = [
  { id: 'node', name: 'Node.js', status: 'pass', detail: '24.1.0 (needs 22.12 or newer)' },
  { id: 'config', name: 'config', status: 'fail', detail: 'x.yaml is not a valid harombe config (1 problem)', problems: ['x.yaml:2:16 model.temperature: too big'], fix: 'Fix the lines above.' },
  { id: 'ollama', name: 'Ollama', status: 'skip', detail: 'not checked' },
  { id: 'sandbox', name: 'sandbox', status: 'warn', detail: 'bubblewrap is not installed', fix: 'apt-get install bubblewrap' },
];

describe('renderChecks', () => {
  it('prints one line per check, and under a failure its problems and then the fix, indented', () => {
    expect(renderChecks(checks, plain)).toEqual([
      '✓ Node.js: 24.1.0 (needs 22.12 or newer)',
      '✗ config: x.yaml is not a valid harombe config (1 problem)',
      '    x.yaml:2:16 model.temperature: too big',
      '    fix: Fix the lines above.',
      '- Ollama: not checked',
      '! sandbox: bubblewrap is not installed',
      '    fix: apt-get install bubblewrap',
    ]);
  });

  it('colours the symbols only when asked', () => {
    const [line] = renderChecks(checks.slice(0, 1), createTerminalStyle(true));
    expect(line).toContain('\u001b[');
    expect(stripVTControlCharacters(line!)).toBe('✓ Node.js: 24.1.0 (needs 22.12 or newer)');
  });
});

describe('summarizeChecks', () => {
  it('counts failures and warnings', () => {
    expect(summarizeChecks(checks, plain)).toBe('1 check failed, 1 warning.');
    expect(summarizeChecks(checks.filter((check) => check.status !== 'fail'), plain)).toBe('No failures; 1 warning.');
    expect(summarizeChecks(checks.slice(0, 1), plain)).toBe('All checks passed.');
  });
});
