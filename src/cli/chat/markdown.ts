// Markdown for the terminal: does an answer use Markdown structure, and how it looks rendered (marked + marked-terminal).

const STRUCTURE = [
  /^\s{0,3}(```|~~~)/m, // fenced code
  /^\s{0,3}#{1,6}\s+\S/m, // heading
  /^\s*([-*+]|\d+[.)])\s+\S/m, // list item
  /^\s{0,3}>\s?\S/m, // block quote
  /^\s*\|.*\|\s*$/m, // table row
  /\*\*[^*\n]+\*\*|__[^_\n]+__/, // bold
  /`[^`\n]+`/, // inline code
  /\[[^\]\n]+\]\([^)\s]+\)/, // link
];

export function hasMarkdownStructure(text: string): boolean {
  return STRUCTURE.some((pattern) => pattern.test(text));
}

/**
 * The text rendered for a terminal `width` columns wide, without trailing blank lines.
 * marked-terminal (and the syntax highlighter it pulls in) loads on first use, so other commands start fast.
 */
export async function renderMarkdown(text: string, width: number): Promise<string> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const marked = new Marked({ async: false, gfm: true });
  marked.use(markedTerminal({ width: Math.max(20, width), reflowText: true, tab: 2 }));
  // marked-terminal leaves **bold**, `code`... raw inside tight list items (mikaelbr/marked-terminal#371):
  // render the inline tokens it skips; `false` hands every other text back to marked-terminal.
  marked.use({
    renderer: {
      text(token) {
        return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
      },
    },
  });
  const rendered = marked.parse(text) as string;
  return rendered.replace(/\s+$/, '');
}
