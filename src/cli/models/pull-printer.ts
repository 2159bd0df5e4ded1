// Writes pull progress: a live bar redrawn in place on a terminal, or plain lines (every 10%, each status once) in a pipe.
import type { PullProgress } from '../../main/llm';
import { formatLayerBar, formatLayerLine, percentOf, PullProgressTracker, type LayerProgress } from './pull-progress';

export interface PullPrinterOptions {
  output: NodeJS.WritableStream & { columns?: number };
  /** Redraw one line in place (a terminal) or print lines (a pipe, a log). */
  live: boolean;
  now?: () => number;
  /** Least time between two redraws of the live bar. */
  redrawIntervalMs?: number;
}

const CLEAR_LINE = '\r\u001b[2K';
const PLAIN_STEP_PERCENT = 10;

export class PullPrinter {
  private readonly tracker: PullProgressTracker;
  private readonly now: () => number;
  private readonly redrawIntervalMs: number;
  private lastStatus: string | undefined;
  /** The layer on the live line (live) or the last one printed (plain). */
  private currentDigest: string | undefined;
  private lastPrintedPercent = -1;
  private liveLine: string | undefined;
  private lastDrawAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: PullPrinterOptions) {
    this.now = options.now ?? Date.now;
    this.tracker = new PullProgressTracker(this.now);
    this.redrawIntervalMs = options.redrawIntervalMs ?? 100;
  }

  print(progress: PullProgress): void {
    const view = this.tracker.update(progress);
    if (view.kind === 'layer') {
      this.showLayer(view.layer);
      return;
    }
    // `success` is announced by the command itself, with the model's name.
    if (view.status === this.lastStatus || view.status === 'success') return;
    this.lastStatus = view.status;
    this.currentDigest = undefined;
    this.finish();
    this.write(`${view.status}\n`);
  }

  /** Ends the live line so what follows starts on a line of its own. */
  finish(): void {
    if (this.liveLine === undefined) return;
    this.write('\n');
    this.liveLine = undefined;
  }

  private showLayer(layer: LayerProgress): void {
    const newLayer = layer.digest !== this.currentDigest;
    if (newLayer) {
      this.finish();
      this.currentDigest = layer.digest;
      this.lastPrintedPercent = -1;
      this.lastStatus = undefined;
    }
    const percent = percentOf(layer);
    if (!this.options.live) {
      const crossedStep = Math.floor(percent / PLAIN_STEP_PERCENT) > Math.floor(this.lastPrintedPercent / PLAIN_STEP_PERCENT);
      if (newLayer || crossedStep) {
        this.lastPrintedPercent = percent;
        this.write(`${formatLayerLine(layer)}\n`);
      }
      return;
    }
    const at = this.now();
    if (!newLayer && percent < 100 && at - this.lastDrawAt < this.redrawIntervalMs) return;
    this.lastDrawAt = at;
    // A pseudo-terminal may report 0 columns: draw for a common width then.
    const columns = this.options.output.columns;
    this.liveLine = formatLayerBar(layer, columns !== undefined && columns > 0 ? columns : 80);
    this.write(`${CLEAR_LINE}${this.liveLine}`);
  }

  private write(text: string): void {
    this.options.output.write(text);
  }
}
