// "Did you mean…?" for a mistyped config key: the known key a few edits away (typos, swapped letters, a missing `s`).

/** Edits (insert, delete, replace, swap two neighbours) that turn `from` into `to`. */
export function editDistance(from: string, to: string): number {
  // Three rows of the table are enough (a swap looks two rows back); a config with 100,000 unknown keys asks this
  // for each of them, so nothing is allocated per cell.
  let beforePrevious = new Uint32Array(to.length + 1);
  let previous = Uint32Array.from({ length: to.length + 1 }, (_, column) => column);
  let current = new Uint32Array(to.length + 1);
  for (let row = 1; row <= from.length; row++) {
    current[0] = row;
    for (let column = 1; column <= to.length; column++) {
      const cost = from[row - 1] === to[column - 1] ? 0 : 1;
      let best = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
      if (row > 1 && column > 1 && from[row - 1] === to[column - 2] && from[row - 2] === to[column - 1]) {
        best = Math.min(best, beforePrevious[column - 2]! + 1);
      }
      current[column] = best;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[to.length]!;
}

/** The known key closest to `key`, if it is close enough to be a likely typo. */
export function suggestKey(key: string, knownKeys: readonly string[]): string | undefined {
  const wanted = key.toLowerCase().replaceAll('-', '_');
  // Up to a third of the key's length (at least 2): catches typos without suggesting an unrelated key.
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of knownKeys) {
    // The lengths alone can rule a candidate out: every edit changes the length by at most one.
    if (Math.abs(candidate.length - wanted.length) > allowed) continue;
    const distance = editDistance(wanted, candidate);
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}
