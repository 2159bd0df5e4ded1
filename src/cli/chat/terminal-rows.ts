// How many terminal rows some text fills once the terminal wraps it — to move the cursor back over streamed text.
import { stripVTControlCharacters } from 'node:util';

const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u; // combining marks, variation selectors, zero-width joiners
const WIDE =
  /[\p{Extended_Pictographic}\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const TAB_WIDTH = 8;

/** Columns a line takes on screen: wide (CJK, emoji) characters take two, combining marks none. */
export function displayWidth(line: string): number {
  let width = 0;
  for (const character of stripVTControlCharacters(line)) {
    if (character === '\t') width += TAB_WIDTH - (width % TAB_WIDTH);
    else if (ZERO_WIDTH.test(character) || character < ' ') continue;
    else width += WIDE.test(character) ? 2 : 1;
  }
  return width;
}

/** Rows the text occupies when written from column 0; the cursor ends on the last one (an ending `\n` opens a new row). */
export function countTerminalRows(text: string, columns: number): number {
  const usableColumns = Math.max(1, columns);
  return text
    .split('\n')
    .reduce((rows, line) => rows + Math.max(1, Math.ceil(displayWidth(line) / usableColumns)), 0);
}
