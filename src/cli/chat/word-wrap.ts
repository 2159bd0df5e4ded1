// Text broken into lines at spaces to fit a terminal's width, so a word is never split across two rows.
import { displayWidth } from './terminal-rows';

/**
 * The lines of `text` at most `width` columns wide, broken between words. A word longer than a whole line (a URL, a
 * path) gets a line of its own and is cut only there, since it cannot fit anywhere.
 */
export function wrapWords(text: string, width: number): string[] {
  const usable = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (displayWidth(joined) <= usable) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (displayWidth(line) > usable) {
      const cut = [...line].slice(0, usable).join('');
      lines.push(cut);
      line = line.slice(cut.length);
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * `lead` then `text` wrapped to `columns`, later lines indented under the text's first column (a hanging indent);
 * `decorate` styles the text's pieces (colour codes must not count towards the width).
 */
export function hangingLines(lead: string, text: string, columns: number, decorate: (piece: string) => string = (piece) => piece): string[] {
  const indent = displayWidth(lead);
  // Too narrow a column beside the lead: the text goes below it, indented a little, rather than a word per row.
  if (columns - indent < 20) return [lead.trimEnd(), ...wrapWords(text, columns - 4).map((line) => `    ${decorate(line)}`)];
  return wrapWords(text, columns - indent).map((line, index) => (index === 0 ? lead : ' '.repeat(indent)) + decorate(line));
}
