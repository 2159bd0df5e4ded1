// The TXT contract: what a node announces, and which announcements a browser accepts.
import { describe, expect, it } from 'vitest';
import { describeTxtProblem, discoveryTxtSchema, encodeDiscoveryTxt } from './discovery-txt';

describe('discovery TXT record', () => {
  it('round-trips what an advertiser encodes', () => {
    const txt = encodeDiscoveryTxt({ name: 'studio', model: 'qwen2.5:14b', tier: 2, version: '0.1.0', kind: 'harombe' });
    expect(txt).toEqual({ name: 'studio', model: 'qwen2.5:14b', tier: '2', version: '0.1.0', kind: 'harombe' });
    expect(discoveryTxtSchema.parse(txt)).toEqual({ name: 'studio', model: 'qwen2.5:14b', tier: 2, version: '0.1.0', kind: 'harombe' });
  });

  it('accepts a hand-made announcement with only name, model and tier, as a harombe node', () => {
    expect(discoveryTxtSchema.parse({ name: 'x', model: 'y', tier: '1', extra: 'ignored' })).toEqual({
      name: 'x',
      model: 'y',
      tier: 1,
      kind: 'harombe',
    });
  });

  it.each([
    [{ name: 'x', model: 'y', tier: '3' }, 'tier'],
    [{ name: 'x', model: 'y', tier: 'banana' }, 'tier'],
    [{ name: 'x', model: 'y', tier: '' }, 'tier'],
    [{ name: 'x', tier: '1' }, 'model'],
    [{ name: ' ', model: 'y', tier: '1' }, 'name'],
    [{ name: 'x', model: 'y', tier: '1', kind: 'mainframe' }, 'kind'],
  ])('rejects %j and names the bad key', (txt, key) => {
    const result = discoveryTxtSchema.safeParse(txt);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeTxtProblem(result.error)).toMatch(new RegExp(`^${key}: `));
  });
});
