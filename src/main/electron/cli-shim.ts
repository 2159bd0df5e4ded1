// The `harombe` command the packaged app carries: a small script per platform that runs the app's own CLI bundle with
// Electron's Node (ELECTRON_RUN_AS_NODE), and how macOS links it into PATH. Pure; the files in resources/cli are
// written from here (scripts/write-cli-shims.mjs) and a test keeps them equal.

export type ShimPlatform = 'linux' | 'darwin' | 'win32';

/** The folder under the app's resources the shim is shipped in (electron-builder extraResources). */
export const CLI_SHIM_FOLDER = 'cli';

/** The app's own executable: on Linux not `harombe`, which is the command; the deb links /usr/bin/harombe to the shim. */
export const APP_EXECUTABLE: Record<ShimPlatform, string> = {
  linux: 'harombe-desktop',
  darwin: 'harombe',
  win32: 'harombe.exe',
};

/** Where the packaged app keeps bin/harombe.js (the Node version check that runs out/cli/harombe.mjs). */
export const CLI_ENTRY_IN_RESOURCES = 'app.asar/bin/harombe.js';

/** Where `harombe` is linked on macOS, as VS Code links `code`. */
export const MAC_LINK_PATH = '/usr/local/bin/harombe';

export interface CliShim {
  /** Its name in resources/cli/<platform>/ and, inside the app, in resources/cli/. */
  fileName: string;
  content: string;
  /** Unix file mode (executable). */
  mode: number;
}

/**
 * The shim sits in <resources>/cli/. It finds itself through any symlink (/usr/bin/harombe, /usr/local/bin/harombe),
 * then the app's executable beside or above <resources>, and runs the CLI with it as plain Node.
 */
export function cliShim(platform: ShimPlatform): CliShim {
  if (platform === 'win32') {
    return {
      fileName: 'harombe.cmd',
      mode: 0o644,
      content: [
        '@echo off',
        'rem The `harombe` command of the harombe desktop app: its CLI, run by the app\'s own Node (Electron as Node).',
        'setlocal',
        'set ELECTRON_RUN_AS_NODE=1',
        `"%~dp0..\\..\\${APP_EXECUTABLE.win32}" "%~dp0..\\${CLI_ENTRY_IN_RESOURCES.replaceAll('/', '\\')}" %*`,
        'endlocal & exit /b %ERRORLEVEL%',
        '',
      ].join('\r\n'),
    };
  }
  // <resources> is /opt/harombe/resources (the executable one up) or harombe.app/Contents/Resources (../MacOS/).
  const executable = platform === 'linux' ? `"$resources/../${APP_EXECUTABLE.linux}"` : `"$resources/../MacOS/${APP_EXECUTABLE.darwin}"`;
  return {
    fileName: 'harombe',
    mode: 0o755,
    content: [
      '#!/bin/sh',
      "# The `harombe` command of the harombe desktop app: its CLI, run by the app's own Node (Electron as Node).",
      'self="$0"',
      '# Follow the links (/usr/bin/harombe, /usr/local/bin/harombe) to this file; readlink -f is not on older macOS.',
      'while [ -L "$self" ]; do',
      '  target="$(readlink "$self")"',
      '  case "$target" in',
      '    /*) self="$target" ;;',
      '    *) self="$(dirname "$self")/$target" ;;',
      '  esac',
      'done',
      'resources="$(cd "$(dirname "$self")/.." && pwd -P)"',
      `ELECTRON_RUN_AS_NODE=1 exec ${executable} "$resources/${CLI_ENTRY_IN_RESOURCES}" "$@"`,
      '',
    ].join('\n'),
  };
}

/** Quotes a string for a POSIX shell: single quotes, each inner one closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a string for AppleScript: double quotes with backslashes and quotes escaped. */
function appleScriptQuote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface MacLinkPlan {
  /** The shell command that makes the link (its folder first). */
  command: string;
  /** When /usr/local/bin is not writable by the user: run it through osascript, which asks for an administrator. */
  osascriptArgs: string[];
}

/** How macOS's "Install 'harombe' command in PATH" makes `/usr/local/bin/harombe` point at the app's shim. */
export function macLinkPlan(shimPath: string, linkPath = MAC_LINK_PATH): MacLinkPlan {
  const folder = linkPath.slice(0, linkPath.lastIndexOf('/')) || '/';
  const command = `mkdir -p ${shellQuote(folder)} && ln -sf ${shellQuote(shimPath)} ${shellQuote(linkPath)}`;
  const prompt = "harombe wants to install the 'harombe' command in PATH.";
  return {
    command,
    osascriptArgs: ['-e', `do shell script ${appleScriptQuote(command)} with prompt ${appleScriptQuote(prompt)} with administrator privileges`],
  };
}
