// "Did you mean…?" for a mistyped config key: the known key a few edits away (typos, swapped letters, a missing `s`).

/** Edits (insert, delete, replace, swap two neighbours) that turn `from` into `to`. */
export function editDistance(from: string, to: string): number {
  const rows = from.length + 1;
  const columns = to.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  const at = (row: number, column: number): number => table[row]![column]!;
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const cost = from[row - 1] === to[column - 1] ? 0 : 1;
      let best = Math.min(at(row - 1, column) + 1, at(row, column - 1) + 1, at(row - 1, column - 1) + cost);
      if (row > 1 && column > 1 && from[row - 1] === to[column - 2] && from[row - 2] === to[column - 1]) {
        best = Math.min(best, at(row - 2, column - 2) + 1);
      }
      table[row]![column] = best;
    }
  }
  return at(rows - 1, columns - 1);
}

/** The known key closest to `key`, if it is close enough to be a likely typo. */
export function suggestKey(key: string, knownKeys: readonly string[]): string | undefined {
  const wanted = key.toLowerCase().replaceAll('-', '_');
  // Up to a third of the key's length (at least 2): catches typos without suggesting an unrelated key.
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of knownKeys) {
    const distance = editDistance(wanted, candidate);
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}
