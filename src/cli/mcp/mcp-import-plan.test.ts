import { describe, expect, it } from 'vitest';
import { planImport, suggestServerName } from './mcp-import-plan';

describe('suggestServerName', () => {
  it.each([
    ['My Server', 'My-Server'],
    ['@scope/pkg', 'scope-pkg'],
    ['café.local', 'cafe-local'],
    ['???', 'server'],
    ['x'.repeat(50), 'x'.repeat(40)],
  ])('%s → %s', (name, suggestion) => {
    expect(suggestServerName(name, new Set())).toBe(suggestion);
  });

  it('never suggests a name already taken (in harombe.yaml or the file)', () => {
    expect(suggestServerName('my.server', new Set(['my-server', 'my-server-2']))).toBe('my-server-3');
  });
});

describe('planImport', () => {
  const file = {
    key: 'mcpServers',
    servers: [
      { name: 'a.b', entry: { command: 'x' } },
      { name: 'a-b', entry: { command: 'y' } },
    ],
  };

  it('suggests a name that neither harombe.yaml nor another server in the file has', () => {
    const [refused, added] = planImport(file, new Set(), { replace: false, renames: new Map() });
    expect(refused).toMatchObject({ action: 'refuse', fix: 'import it under another name: --rename a.b=a-b-2' });
    expect(added).toMatchObject({ action: 'add', name: 'a-b' });
  });

  it('a rename onto a taken name is skipped like any other, or replaces with --replace', () => {
    const renames = new Map([['a.b', 'kept']]);
    expect(planImport(file, new Set(['kept']), { replace: false, renames })[0]).toMatchObject({ action: 'skip', name: 'kept', from: 'a.b' });
    expect(planImport(file, new Set(['kept']), { replace: true, renames })[0]).toMatchObject({ action: 'replace', name: 'kept', server: { command: 'x' } });
  });
});
