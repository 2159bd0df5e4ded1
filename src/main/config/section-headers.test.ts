import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { keepSectionHeaders } from './section-headers';

/** The file as a config write prints it back (update-config.ts): parsed, headers kept, `edit` applied. */
function writtenBack(text: string, edit: (document: ReturnType<typeof parseDocument>) => void = () => {}): string {
  const document = parseDocument(text, { keepSourceTokens: false });
  keepSectionHeaders(document, text);
  edit(document);
  return document.toString({ lineWidth: 0 });
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

describe('a config write keeps each section header above its section, at column 0', () => {
  it('after a section ending in commented-out keys, with the edit made and nothing else changed', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /path/to/folder', '', '# The HTTP API and web UI.', 'server:', '  port: 8000');
    expect(writtenBack(text, (document) => document.setIn(['server', 'port'], 9000))).toBe(text.replace('8000', '9000'));
  });

  it('keeps a header of several lines, with blank lines and bare `#` lines inside it, as it was', () => {
    const withBlank = lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', '', '# And the web UI.', 'server:', '  port: 8000');
    expect(writtenBack(withBlank)).toBe(withBlank);
    const withBareHash = lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', '#', '# And the web UI.', 'server:', '  port: 8000');
    expect(writtenBack(withBareHash)).toBe(withBareHash);
  });

  it('keeps a blank line between a header and its section', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', '', 'server:', '  port: 8000');
    expect(writtenBack(text)).toBe(text);
  });

  it.each([
    ['a file that starts with a comment', lines('# harombe config', '', 'model:', '  name: auto', '  # temperature: 1', '', '# Tools.', 'tools:', '  shell: true')],
    ['a section right under commented-out keys, with no header', lines('tools:', '  shell: true', '  # workspace: /x', 'server:', '  port: 8000')],
    ['a header under a one-line section', lines('model: auto', '# The HTTP API.', 'server:', '  port: 8000')],
    ['a header under an empty section', lines('mcp:', '', '# The HTTP API.', 'server:', '  port: 8000')],
  ])('writes back %s as it was', (_case, text) => {
    expect(writtenBack(text)).toBe(text);
  });

  it('keeps a header with a line of only spaces inside it or under it whole, the spaces dropped', () => {
    const inside = lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', '   ', '# And the web UI.', 'server:', '  port: 8000');
    expect(writtenBack(inside)).toBe(inside.replace('\n   \n', '\n\n'));
    const under = lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', '   ', 'server:', '  port: 8000');
    expect(writtenBack(under)).toBe(under.replace('\n   \n', '\n\n'));
  });

  it('keeps two blank lines between a header and its section', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', '', '', 'server:', '  port: 8000');
    expect(writtenBack(text)).toBe(text);
  });

  it('keeps the comment at the end of a file without a final line end at the end', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /x', '', '# More machines: `harombe cluster init`.');
    expect(writtenBack(text.trimEnd())).toBe(text);
    // The second line blank: the file's end is still where the comment is.
    const blankSecond = lines('mcp:', '', 'server:', '  port: 8000', '', '# More machines.');
    expect(writtenBack(blankSecond.trimEnd())).toBe(blankSecond);
  });

  it('leaves a header under a one-line `{ … }` section where it is', () => {
    const text = lines('tools: { shell: true }', '# The HTTP API.', 'server:', '  port: 8000');
    expect(writtenBack(text)).toBe(text);
  });

  it('keeps a header above its section when the section above ends in a list (approval rules, cluster nodes)', () => {
    const afterRules = lines('tools:', '  approvals:', '    - tool: shell', '      decision: allow', '      # match: git', '', '# The HTTP API.', 'server:', '  port: 8000');
    expect(writtenBack(afterRules, (document) => document.setIn(['server', 'port'], 9000))).toBe(afterRules.replace('8000', '9000'));
    const afterNodes = lines('cluster:', '  nodes:', '    - {name: a, host: h, model: m, tier: 0}', '    # - {name: b, host: g, model: m, tier: 1}', '', '# MCP servers.', 'mcp: {}');
    expect(writtenBack(afterNodes)).toBe(afterNodes.replace('{name: a, host: h, model: m, tier: 0}', '{ name: a, host: h, model: m, tier: 0 }'));
  });

  it('keeps the comment at the end of the file at the end after a list', () => {
    const text = lines('tools:', '  approvals:', '    - tool: shell', '      decision: allow', '      # match: git', '', '# More machines: `harombe cluster init`.');
    expect(writtenBack(text)).toBe(text);
  });

  it('keeps a bare `#` line that ends the section above inside that section', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /x', '  #', '', '# The HTTP API.', 'server:', '  port: 8000');
    expect(writtenBack(text)).toBe(text);
  });

  it('puts a header written right under the section above (no blank line) above its own section, after one blank line', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /x', '# The HTTP API.', 'server:', '  port: 8000');
    expect(writtenBack(text)).toBe(lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', 'server:', '  port: 8000'));
  });

  it('handles a file saved with Windows line ends without adding blank lines', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /x', '', '# The HTTP API.', '# And the web UI.', 'server:', '  port: 8000');
    expect(writtenBack(text.replaceAll('\n', '\r\n'))).toBe(text);
  });

  it('keeps the comment at the end of the file at the end, not indented into the last section', () => {
    const text = lines('tools:', '  shell: true', '  # workspace: /x', '', '# More machines: `harombe cluster init`.');
    expect(writtenBack(text)).toBe(text);
  });

  it('moves only the header: comments inside the section above stay there, indented', () => {
    const text = lines(
      'model:',
      '  name: auto',
      '  # quantization: Q4_K_M',
      '  # temperature: 0.7',
      '',
      '# Tools.',
      'tools:',
      '  shell: true',
      '  # workspace: /x',
      '',
      '# The HTTP API.',
      'server:',
      '  port: 8000',
    );
    expect(writtenBack(text)).toBe(text);
  });

  it('leaves a section alone when the comment above it is not a header of its own (indented, or only part of a line)', () => {
    // `#  The HTTP API.` in the section above ends with the text of no header: nothing moves.
    const indented = lines('tools:', '  shell: true', '  # see The HTTP API.', 'server:', '  port: 8000');
    expect(writtenBack(indented)).toBe(indented);
  });

  it('changes nothing in a file whose top level is a list, or that has no sections', () => {
    const list = lines('- a', '  # x', '', '# y', '- b');
    expect(writtenBack(list)).toBe(parseDocument(list).toString({ lineWidth: 0 }));
    expect(writtenBack('# only a comment\n')).toBe(parseDocument('# only a comment\n').toString({ lineWidth: 0 }));
  });
});
