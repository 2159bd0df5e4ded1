// What init tells the person about Ollama (the check itself lives in src/main/diagnostics, shared with `harombe doctor`).
import type { OllamaReadiness } from '../../main/diagnostics/ollama-readiness';

export { checkOllama } from '../../main/diagnostics/ollama-readiness';
export type { OllamaCheckOptions, OllamaReadiness } from '../../main/diagnostics/ollama-readiness';

/** The steps left before `harombe chat` works, in order, as lines to print. */
export function nextSteps(readiness: OllamaReadiness, model: string, chatCommand: string): string[] {
  const chat = `Start chatting: \`${chatCommand}\``;
  const pull = `Pull the model: \`ollama pull ${model}\``;
  if (readiness.state === 'not-running') return ['Start Ollama: `ollama serve` (or install it from https://ollama.com)', pull, chat];
  if (readiness.state === 'model-missing') return [pull, chat];
  return [chat];
}

export function describeReadiness(readiness: OllamaReadiness, model: string): string {
  if (readiness.state === 'not-running') return `Ollama is not running: ${readiness.detail}.`;
  const running = `Ollama ${readiness.version} is running at ${readiness.host}`;
  if (readiness.state === 'model-missing') return `${running}, but ${model} is not pulled yet${readiness.detail ? ` (${readiness.detail})` : ''}.`;
  return `${running} and has ${model}.`;
}
