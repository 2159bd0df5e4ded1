// What to run to get Ollama going on this OS: from /hardware's platform when the server told us, else the browser's.

export type OperatingSystem = 'linux' | 'macos' | 'windows';

export interface SetupStep {
  /** What the step does, in words. */
  label: string;
  /** A command to paste into a terminal, when the step is one. */
  command?: string;
}

/** `darwin`, `win32`, `Windows_NT`, `linux`… (Node's names, systeminformation's) or a user agent. */
export function operatingSystemOf(platformOrUserAgent: string): OperatingSystem {
  const text = platformOrUserAgent.toLowerCase();
  if (/darwin|mac ?os|macintosh/.test(text)) return 'macos';
  if (/win32|windows/.test(text)) return 'windows';
  return 'linux';
}

export const OS_NAMES: Record<OperatingSystem, string> = { linux: 'Linux', macos: 'macOS', windows: 'Windows' };

export function setupSteps(os: OperatingSystem): SetupStep[] {
  switch (os) {
    case 'macos':
      return [
        { label: 'Install Ollama (or download the app from ollama.com/download)', command: 'brew install ollama' },
        { label: 'Start it (the Ollama app starts it too)', command: 'ollama serve' },
      ];
    case 'windows':
      return [
        { label: 'Install Ollama from ollama.com/download (OllamaSetup.exe), or with winget', command: 'winget install Ollama.Ollama' },
        { label: 'Start “Ollama” from the Start menu, or in a terminal', command: 'ollama serve' },
      ];
    case 'linux':
      return [
        { label: 'Install Ollama', command: 'curl -fsSL https://ollama.com/install.sh | sh' },
        { label: 'Start it (the installer sets up a service; without one, in a terminal)', command: 'ollama serve' },
      ];
  }
}
