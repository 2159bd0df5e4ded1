// Whether this node's model server (its Ollama) can answer, kept fresh in the background so GET /health answers at once.
import { Emitter } from '../base';
import { systemClock, systemTimers, type Timers } from '../cluster/timers';
import { checkOllama, type OllamaCheckOptions, type OllamaReadiness } from './ollama-readiness';

/** One check's verdict, in the words /health, the log and a coordinator use. */
export interface ModelServerState {
  ready: boolean;
  reachable: boolean;
  modelPresent: boolean;
  /** ollama.host when it was checked. */
  url: string;
  model: string;
  /** What is wrong, addresses included (for this machine's eyes); absent when ready. */
  detail?: string;
  /** What is wrong, without addresses (for anyone who asks); absent when ready. */
  reason?: string;
  /** What to do about it. */
  hint?: string;
  /** ISO time of the check. */
  checkedAt: string;
}

export interface ModelServerStateChange {
  previous: ModelServerState | undefined;
  state: ModelServerState;
}

export interface ModelServerWatchOptions {
  /** Where the model server is and which model this node answers with; read per check, so a config change applies. */
  target: () => { host: string; model: string };
  check?: (options: OllamaCheckOptions) => Promise<OllamaReadiness>;
  /** Time between background checks. Default 15 s. */
  intervalMs?: number;
  /** An answer older than this is checked again when asked for. Default 5 s. */
  staleAfterMs?: number;
  /** How long a caller waits for that check before taking the answer it has; keeps /health fast. Default 500 ms. */
  waitMs?: number;
  /** One check's limit per request. Default 3 s. */
  timeoutMs?: number;
  timers?: Timers;
  now?: () => number;
}

export class ModelServerWatch {
  private readonly settings: { intervalMs: number; staleAfterMs: number; waitMs: number; timeoutMs: number };
  private readonly check: (options: OllamaCheckOptions) => Promise<OllamaReadiness>;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly changes = new Emitter<ModelServerStateChange>();
  /** `target`: the host and model that check was for, so a config change (another model, another host) is not answered from it. */
  private latest: { state: ModelServerState; at: number; target: string } | undefined;
  private running: Promise<ModelServerState> | undefined;
  private controller: AbortController | undefined;
  private timer: unknown;
  private started = false;

  constructor(private readonly options: ModelServerWatchOptions) {
    this.check = options.check ?? checkOllama;
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? systemClock;
    this.settings = {
      intervalMs: options.intervalMs ?? 15_000,
      staleAfterMs: options.staleAfterMs ?? 5_000,
      waitMs: options.waitMs ?? 500,
      timeoutMs: options.timeoutMs ?? 3_000,
    };
  }

  /** Fires on the first verdict and whenever the verdict changes (not on every check): for one log line per change. */
  readonly onDidChange = this.changes.event;

  /** Checks now (in the background: start() returns at once), then every interval until stop(). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.loop();
  }

  /** Stops the timer and a running check; resolves when nothing is left running. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort(new Error('the model server watch stopped'));
    await this.running?.catch(() => undefined);
  }

  dispose(): Promise<void> {
    const stopped = this.stop();
    this.changes.dispose();
    return stopped;
  }

  /** The last verdict, checked again first when it is stale (waiting at most waitMs for that); the first one is awaited. */
  async state(): Promise<ModelServerState> {
    const latest = this.latest;
    const target = targetKey(this.options.target());
    if (!latest || latest.target !== target) {
      // A check already running may be for the old target: then once more, for this one.
      const fresh = await this.refresh();
      return this.latest?.target === target ? fresh : this.refresh();
    }
    if (this.now() - latest.at < this.settings.staleAfterMs) return latest.state;
    const fresh = this.refresh();
    let timer: unknown;
    const late = new Promise<undefined>((resolve) => (timer = this.timers.setTimeout(() => resolve(undefined), this.settings.waitMs)));
    try {
      return (await Promise.race([fresh, late])) ?? latest.state;
    } finally {
      this.timers.clearTimeout(timer);
    }
  }

  /** Checks now, joining a check already running. */
  refresh(): Promise<ModelServerState> {
    if (this.running) return this.running;
    const controller = new AbortController();
    this.controller = controller;
    const running = this.checkOnce(controller.signal).finally(() => {
      if (this.running === running) this.running = undefined;
      if (this.controller === controller) this.controller = undefined;
    });
    this.running = running;
    return running;
  }

  private loop(): void {
    void this.refresh()
      .catch(() => undefined)
      .then(() => {
        if (!this.started) return;
        this.timer = this.timers.setTimeout(() => {
          this.timer = undefined;
          this.loop();
        }, this.settings.intervalMs);
      });
  }

  private async checkOnce(signal: AbortSignal): Promise<ModelServerState> {
    const { host, model } = this.options.target();
    const target = targetKey({ host, model });
    const readiness = await this.check({ host, model, timeoutMs: this.settings.timeoutMs, signal });
    const state = describe(readiness, model, new Date(this.now()).toISOString());
    // A check cut short by stop() says nothing about the model server.
    if (signal.aborted) return this.latest?.state ?? state;
    const previous = this.latest?.state;
    this.latest = { state, at: this.now(), target };
    if (!previous || verdictOf(previous) !== verdictOf(state)) this.changes.fire({ previous, state });
    return state;
  }
}

function targetKey({ host, model }: { host: string; model: string }): string {
  return JSON.stringify([host, model]);
}

const START_OLLAMA = 'Start it with `ollama serve` (install it from https://ollama.com), or set ollama.host to where it runs.';

function describe(readiness: OllamaReadiness, model: string, checkedAt: string): ModelServerState {
  const base = { url: readiness.host, model, checkedAt };
  switch (readiness.state) {
    case 'ready':
      return { ...base, ready: true, reachable: true, modelPresent: true };
    case 'not-running':
      return { ...base, ready: false, reachable: false, modelPresent: false, reason: 'Ollama is not reachable', detail: `Ollama is not reachable: ${readiness.detail}`, hint: START_OLLAMA };
    case 'model-missing':
      return readiness.detail
        ? { ...base, ready: false, reachable: true, modelPresent: false, reason: 'Ollama could not list its models', detail: `Ollama at ${readiness.host}: ${readiness.detail}`, hint: 'Check that ollama.host points at Ollama and that it works (`ollama list`).' }
        : {
            ...base,
            ready: false,
            reachable: true,
            modelPresent: false,
            reason: `the model ${model} is not pulled`,
            detail: `the model ${model} is not pulled in Ollama at ${readiness.host}`,
            hint: `Pull it: \`ollama pull ${model}\` (or \`harombe models pull ${model}\`).`,
          };
  }
}

/** What a person would call a different situation: a new reason, another address or model; not a new timestamp. */
function verdictOf(state: ModelServerState): string {
  return JSON.stringify([state.ready, state.reachable, state.modelPresent, state.url, state.model, state.reason]);
}
