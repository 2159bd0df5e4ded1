// docs/api.md's endpoint table against the endpoint map: every endpoint listed, none made up, and the "token" column
// saying truthfully which routes need the local token.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiContract } from '../src/shared';

async function documentedEndpoints(): Promise<Map<string, { token: boolean }>> {
  const text = await readFile(new URL('../docs/api.md', import.meta.url), 'utf8');
  const table = text.slice(text.indexOf('| method | path | what it does | token |'));
  const lines = table.split('\n').slice(2);
  const rows = lines.slice(0, lines.findIndex((line) => !line.startsWith('| ')));
  return new Map(
    rows.map((row) => {
      const [method, path, , token] = row.split('|').slice(1, -1).map((cell) => cell.trim());
      return [`${method} ${path!.replace(/`/g, '')}`, { token: token === 'yes' }];
    }),
  );
}

describe('docs/api.md', () => {
  it('lists every endpoint of the endpoint map, and no other', async () => {
    const documented = await documentedEndpoints();
    const real = Object.values(apiContract).map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect([...documented.keys()].sort()).toEqual(real.sort());
  });

  it('marks exactly the routes that need the local token', async () => {
    const documented = await documentedEndpoints();
    for (const endpoint of Object.values(apiContract)) {
      const key = `${endpoint.method} ${endpoint.path}`;
      expect(documented.get(key)?.token, key).toBe(!('access' in endpoint));
    }
  });
});
