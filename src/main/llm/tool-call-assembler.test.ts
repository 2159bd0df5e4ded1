import { describe, expect, it } from 'vitest';
import { ToolCallAssembler } from './tool-call-assembler';

const whole = [
  { index: 0, id: 'call_a', type: 'function', function: { name: 'shell', arguments: '{"command":"ls -la"}' } },
  { index: 1, id: 'call_b', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } },
];

const expected = [
  { id: 'call_a', name: 'shell', arguments: '{"command":"ls -la"}' },
  { id: 'call_b', name: 'read_file', arguments: '{"path":"a.txt"}' },
];

describe('ToolCallAssembler', () => {
  it('takes calls sent whole in one delta (Ollama)', () => {
    const assembler = new ToolCallAssembler();
    assembler.add(whole);
    expect(assembler.finish()).toEqual(expected);
  });

  it('assembles calls split across deltas by index (OpenAI, vLLM) into the same calls', () => {
    const assembler = new ToolCallAssembler();
    assembler.add([{ index: 0, id: 'call_a', type: 'function', function: { name: 'shell', arguments: '' } }]);
    for (const fragment of ['{"comm', 'and":"l', 's -la"}']) assembler.add([{ index: 0, function: { arguments: fragment } }]);
    assembler.add([{ index: 1, id: 'call_b', type: 'function', function: { name: 'read_file', arguments: '' } }]);
    for (const fragment of ['{"path"', ':"a.txt"}']) assembler.add([{ index: 1, function: { arguments: fragment } }]);
    expect(assembler.finish()).toEqual(expected);
  });

  it('copes with interleaved fragments and a name repeated in every delta', () => {
    const assembler = new ToolCallAssembler();
    assembler.add([
      { index: 0, id: 'call_a', function: { name: 'shell', arguments: '{"command":' } },
      { index: 1, id: 'call_b', function: { name: 'read_file', arguments: '{"path":' } },
    ]);
    assembler.add([
      { index: 1, function: { name: 'read_file', arguments: '"a.txt"}' } },
      { index: 0, function: { name: 'shell', arguments: '"ls -la"}' } },
    ]);
    expect(assembler.finish()).toEqual(expected);
  });

  it('keeps calls apart when a server numbers every whole call 0', () => {
    const sameIndexInOneDelta = new ToolCallAssembler();
    sameIndexInOneDelta.add(whole.map((call) => ({ ...call, index: 0 })));
    expect(sameIndexInOneDelta.finish()).toEqual(expected);

    const sameIndexAcrossDeltas = new ToolCallAssembler();
    for (const call of whole) sameIndexAcrossDeltas.add([{ ...call, index: 0 }]);
    expect(sameIndexAcrossDeltas.finish()).toEqual(expected);
  });

  it('makes up missing ids, reads missing indexes as positions, and takes arguments sent as an object', () => {
    let counter = 0;
    const assembler = new ToolCallAssembler(() => `call_generated_${++counter}`);
    assembler.add([
      { function: { name: 'shell', arguments: { command: 'pwd' } } },
      { function: { name: 'read_file', arguments: '{"path":"b"}' } },
    ]);
    expect(assembler.finish()).toEqual([
      { id: 'call_generated_1', name: 'shell', arguments: '{"command":"pwd"}' },
      { id: 'call_generated_2', name: 'read_file', arguments: '{"path":"b"}' },
    ]);
  });

  it('gives a call without arguments "{}" and passes malformed arguments through for the tool layer to report', () => {
    const assembler = new ToolCallAssembler();
    assembler.add([
      { index: 0, id: 'call_a', function: { name: 'list_tools', arguments: '' } },
      { index: 1, id: 'call_b', function: { name: 'shell', arguments: '{"command": ls' } },
    ]);
    expect(assembler.finish()).toEqual([
      { id: 'call_a', name: 'list_tools', arguments: '{}' },
      { id: 'call_b', name: 'shell', arguments: '{"command": ls' },
    ]);
  });

  it('has no calls until one begins', () => {
    const assembler = new ToolCallAssembler();
    expect(assembler.hasCalls).toBe(false);
    expect(assembler.finish()).toEqual([]);
    assembler.add([{ index: 0, id: 'call_a', function: { name: 'shell' } }]);
    expect(assembler.hasCalls).toBe(true);
  });
});
