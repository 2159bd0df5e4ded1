import { describe, expect, it } from 'vitest';
import { createTerminalStyle } from '../chat/terminal-style';
import { formatAge, renderModelsTable, type ModelRow } from './models-table';

const NOW = Date.parse('2025-06-10T12:00:00Z');

describe('formatAge', () => {
  it('says how long ago, roughly', () => {
    expect(formatAge('2025-06-10T11:59:30Z', NOW)).toBe('just now');
    expect(formatAge('2025-06-10T11:55:00Z', NOW)).toBe('5 minutes ago');
    expect(formatAge('2025-06-10T11:00:00Z', NOW)).toBe('1 hour ago');
    expect(formatAge('2025-06-07T12:00:00Z', NOW)).toBe('3 days ago');
    expect(formatAge('2025-03-10T12:00:00Z', NOW)).toBe('3 months ago');
    expect(formatAge('2023-06-10T12:00:00Z', NOW)).toBe('2 years ago');
    expect(formatAge('garbage', NOW)).toBe('garbage');
  });
});

describe('renderModelsTable', () => {
  it('lines up the columns and marks the configured model', () => {
    const rows: ModelRow[] = [
      { name: 'qwen2.5:7b', size: 4_683_087_332, digest: 'x', modified_at: '2025-06-07T12:00:00Z', parameter_size: '7.6B', quantization: 'Q4_K_M', configured: true, tools: true },
      { name: 'gemma:2b', size: 1_678_447_520, digest: 'y', modified_at: '2025-06-10T11:00:00Z', parameter_size: '3B', quantization: 'Q4_0', configured: false, tools: false },
      { name: 'mystery:latest', size: 0, digest: 'z', modified_at: '', configured: false },
    ];
    expect(renderModelsTable(rows, NOW, createTerminalStyle(false))).toEqual([
      '  NAME            SIZE     PARAMS  QUANT   TOOLS  MODIFIED',
      '● qwen2.5:7b      4.7 GB   7.6B    Q4_K_M  yes    3 days ago',
      '  gemma:2b        1.7 GB   3B      Q4_0    no     1 hour ago',
      '  mystery:latest  0 bytes  -       -       ?      ?',
    ]);
  });
});
