// Whether the Node.js running harombe is new enough (package.json engines: >=22.12.0).
import { failed, passed, type DiagnosticCheck } from './diagnostic-check';

export const MINIMUM_NODE_VERSION = '22.12.0';

function parts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .replace(/^v/, '')
    .split(/[.-]/)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor, patch];
}

export function isAtLeast(version: string, minimum: string): boolean {
  const have = parts(version);
  const need = parts(minimum);
  for (let index = 0; index < 3; index += 1) {
    if (have[index]! !== need[index]!) return have[index]! > need[index]!;
  }
  return true;
}

/** `version` as in process.versions.node (`24.1.0`). */
export function checkNodeVersion(version: string = process.versions.node, minimum: string = MINIMUM_NODE_VERSION): DiagnosticCheck {
  const shortMinimum = minimum.replace(/\.0$/, '');
  const clean = version.replace(/^v/, '');
  if (isAtLeast(clean, minimum)) return passed('node', 'Node.js', `${clean} (needs ${shortMinimum} or newer)`);
  return failed('node', 'Node.js', `${clean} is too old: harombe needs ${shortMinimum} or newer`, {
    fix: `Install Node.js ${shortMinimum} or newer (https://nodejs.org, or \`nvm install 22\`).`,
  });
}
