// Installed models and models to download, as two separate lists (nothing downloads by accident), each model with its
// size and whether it fits this machine's memory.
import { Download } from 'lucide-react';
import type { ModelInfo } from '../../../../../shared/api-schemas';
import type { HardwareProfile } from '../../../../../shared/hardware-schema';
import { DOWNLOADABLE_MODELS, fitOf, memoryNeededGb, type Fit } from '../model/model-catalog';
import { formatBytes } from '../../../../../shared/format';

const FIT_TEXT: Record<Fit, string> = { fits: 'fits this machine', 'too-big': 'too big for this machine', unknown: 'memory need unknown' };

function FitBadge({ size, profile }: { size: number | undefined; profile: HardwareProfile | undefined }) {
  const fit = fitOf(size, profile);
  const title = size !== undefined ? `needs about ${memoryNeededGb(size).toFixed(1)} GB of memory` : undefined;
  return (
    <span className={`onboarding-fit onboarding-fit-${fit}`} title={title}>
      {FIT_TEXT[fit]}
    </span>
  );
}

/** Ollama names an untagged model `name:latest`. */
function sameModel(a: string, b: string): boolean {
  const full = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  return full(a) === full(b);
}

export interface ModelListsProps {
  installed: ModelInfo[] | undefined;
  /** Ollama could not list its models (said above the lists): no endless "Asking Ollama…". */
  installedFailed?: boolean;
  /** The model harombe is set to use (health.model). */
  configured: string;
  recommended: string | undefined;
  profile: HardwareProfile | undefined;
  /** A download is under way: no second one. */
  busy: boolean;
  settingModel: string | undefined;
  onUse(name: string): void;
  onDownload(name: string): void;
}

export function ModelLists({ installed, installedFailed = false, configured, recommended, profile, busy, settingModel, onUse, onDownload }: ModelListsProps) {
  const have = installed ?? [];
  const offered = DOWNLOADABLE_MODELS.filter((model) => !have.some((own) => sameModel(own.name, model.name)));
  // The configured model, missing and not in the catalog (set by hand in harombe.yaml), is offered first.
  const configuredMissing = !have.some((own) => sameModel(own.name, configured)) && !offered.some((model) => sameModel(model.name, configured)) && configured !== 'auto';
  const downloads = [...(configuredMissing ? [{ name: configured, size: undefined, description: 'The model harombe.yaml names' }] : []), ...offered];
  return (
    <div className="onboarding-lists">
      <section className="onboarding-card" aria-labelledby="installed-title">
        <h2 id="installed-title">Installed models</h2>
        {installed === undefined && installedFailed ? (
          <p className="onboarding-note">Ollama did not list them — see above.</p>
        ) : installed === undefined ? (
          <p className="onboarding-note">Asking Ollama…</p>
        ) : have.length === 0 ? (
          <p className="onboarding-note">None yet — download one below.</p>
        ) : (
          <ul className="onboarding-models" aria-label="Installed models">
            {have.map((model) => (
              <li key={model.name}>
                <span className="onboarding-model-name">{model.name}</span>
                <span className="onboarding-model-size">{model.size !== undefined ? formatBytes(model.size) : ''}</span>
                <FitBadge size={model.size} profile={profile} />
                {sameModel(model.name, configured) ? (
                  <span className="onboarding-in-use">in use</span>
                ) : (
                  <button type="button" className="button button-primary" disabled={settingModel !== undefined} onClick={() => onUse(model.name)} aria-label={`Use ${model.name}`}>
                    {settingModel === model.name ? 'Setting…' : 'Use'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="onboarding-card" aria-labelledby="downloads-title">
        <h2 id="downloads-title">Models to download</h2>
        <ul className="onboarding-models" aria-label="Models to download">
          {downloads.map((model) => (
            <li key={model.name}>
              <span className="onboarding-model-name">
                {model.name}
                {recommended && sameModel(model.name, recommended) && <span className="onboarding-recommended">recommended</span>}
                <span className="onboarding-model-description">{model.description}</span>
              </span>
              <span className="onboarding-model-size">{model.size !== undefined ? formatBytes(model.size) : 'size unknown'}</span>
              <FitBadge size={model.size} profile={profile} />
              <button type="button" className="button" disabled={busy} onClick={() => onDownload(model.name)} aria-label={`Download ${model.name}`}>
                <Download size={14} aria-hidden /> Download
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
