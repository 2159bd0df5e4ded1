// docs/api.md's endpoint table against the endpoint map: every endpoint listed, none made up, and the "token" column
// saying truthfully which routes need the local token; and every path the page names anywhere (inline code, curl
// lines, examples) is one of the map's endpoints.
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

/** The web UI's own paths, served beside the API (not endpoints of the map). */
const WEB_UI_PATHS = new Set(['/', '/assets/*']);

/** Every path docs/api.md names: `GET /tools`, `/conversations/:id`, `http://127.0.0.1:8000/cluster/nodes/gpu`, `/v1/*`. */
async function namedPaths(): Promise<Array<{ method?: string; path: string }>> {
  const text = await readFile(new URL('../docs/api.md', import.meta.url), 'utf8');
  const named: Array<{ method?: string; path: string }> = [];
  for (const [, span] of text.matchAll(/`([^`\n]+)`/g)) {
    const match = /^(?:(GET|POST|PUT|DELETE|PATCH) )?(\/[^\s`?]*)/.exec(span!);
    if (match) named.push({ ...(match[1] ? { method: match[1] } : {}), path: match[2]! });
  }
  for (const [, path] of text.matchAll(/https?:\/\/[^/\s'"`]+(\/[^\s'"`?)]*)/g)) named.push({ path: path! });
  return named;
}

/** A named path is an endpoint's (`:id` stands for any one segment), or else a group of them (`/v1`, `/cluster/*`). */
function endpointsNamed(named: { method?: string; path: string }): string[] {
  const wanted = named.path.replace(/\/\*$/, '').split('/');
  const candidates = Object.values(apiContract).filter((endpoint) => !named.method || endpoint.method === named.method);
  const matches = (group: boolean) =>
    candidates
      .filter((endpoint) => {
        const segments = endpoint.path.split('/');
        if (group ? segments.length <= wanted.length : segments.length !== wanted.length) return false;
        return wanted.every((segment, index) => segment === segments[index] || segments[index]!.startsWith(':'));
      })
      .map((endpoint) => `${endpoint.method} ${endpoint.path}`);
  const exact = named.path.endsWith('/*') ? [] : matches(false);
  return exact.length > 0 ? exact : matches(true);
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

  it('names no path, anywhere on the page, that is not an endpoint of the map', async () => {
    const named = (await namedPaths()).filter((entry) => !WEB_UI_PATHS.has(entry.path));
    expect(named.length).toBeGreaterThan(50);
    const unknown = named.filter((entry) => endpointsNamed(entry).length === 0).map((entry) => `${entry.method ?? ''} ${entry.path}`.trim());
    expect(unknown).toEqual([]);
  });

  it('would catch a path that is not an endpoint', () => {
    expect(endpointsNamed({ path: '/conversation/abc' })).toEqual([]);
    expect(endpointsNamed({ method: 'DELETE', path: '/config' })).toEqual([]);
    expect(endpointsNamed({ path: '/conversations/k3J9x/cancel' })).toEqual(['POST /conversations/:id/cancel']);
    expect(endpointsNamed({ path: '/v1' })).toHaveLength(2);
  });
});
