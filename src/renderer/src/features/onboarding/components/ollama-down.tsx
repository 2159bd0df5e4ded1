// Ollama does not answer: what was found, what to run on this OS, and that the page checks again by itself.
import { RefreshCw } from 'lucide-react';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { OS_NAMES, setupSteps, type OperatingSystem } from '../model/ollama-setup';

export function OllamaDown({ error, hint, os, checking, onCheckNow }: { error?: string | undefined; hint?: string | undefined; os: OperatingSystem; checking: boolean; onCheckNow(): void }) {
  return (
    <section className="onboarding-card" aria-labelledby="ollama-down-title">
      <h2 id="ollama-down-title">Ollama is not reachable</h2>
      <p role="status" className="onboarding-problem">
        <InlineCodeText text={error ?? 'harombe cannot reach Ollama, the model server that runs the models.'} />
      </p>
      {hint && (
        <p className="onboarding-hint">
          <InlineCodeText text={hint} />
        </p>
      )}
      <h3>On {OS_NAMES[os]}</h3>
      <ol className="onboarding-steps">
        {setupSteps(os).map((step) => (
          <li key={step.label}>
            {step.label}
            {step.command && (
              <pre className="onboarding-command">
                <code>{step.command}</code>
              </pre>
            )}
          </li>
        ))}
      </ol>
      <p className="onboarding-recheck">
        <RefreshCw size={14} aria-hidden className={checking ? 'onboarding-spin' : undefined} /> Checking again every few seconds — the chat opens by itself when Ollama answers.{' '}
        <button type="button" className="button" onClick={onCheckNow}>
          Check now
        </button>
      </p>
    </section>
  );
}
