/** The live progress line of a training run, and the running means behind it. */

export interface StepFigures {
  loss: number;
  lmLoss: number;
  qHaltLoss: number;
  /** Sequences that halted this step, with their cell accuracy, exactness and steps used. */
  halted: { cellAccuracy: number; exact: boolean; steps: number; qHaltRight: boolean }[];
  seconds: number;
}

export interface ProgressSnapshot {
  step: number;
  totalSteps: number;
  loss: number;
  cellAccuracy: number;
  exactAccuracy: number;
  qHaltAccuracy: number;
  meanSteps: number;
  puzzlesPerSecond: number;
  secondsPerStep: number;
  etaSeconds: number;
  lr: number;
}

/** Running means over the steps since the last report. */
export class ProgressWindow {
  private steps = 0;
  private loss = 0;
  private seconds = 0;
  private halted = 0;
  private cell = 0;
  private exact = 0;
  private qRight = 0;
  private stepsUsed = 0;

  add(f: StepFigures): void {
    this.steps++;
    this.loss += f.loss;
    this.seconds += f.seconds;
    for (const h of f.halted) {
      this.halted++;
      this.cell += h.cellAccuracy;
      this.exact += h.exact ? 1 : 0;
      this.qRight += h.qHaltRight ? 1 : 0;
      this.stepsUsed += h.steps;
    }
  }

  get size(): number {
    return this.steps;
  }

  snapshot(step: number, totalSteps: number, lr: number): ProgressSnapshot {
    const perStep = this.steps ? this.seconds / this.steps : 0;
    const h = Math.max(1, this.halted);
    return {
      step,
      totalSteps,
      loss: this.steps ? this.loss / this.steps : 0,
      cellAccuracy: this.cell / h,
      exactAccuracy: this.exact / h,
      qHaltAccuracy: this.qRight / h,
      meanSteps: this.stepsUsed / h,
      puzzlesPerSecond: this.seconds ? this.halted / this.seconds : 0,
      secondsPerStep: perStep,
      etaSeconds: perStep * (totalSteps - step),
      lr,
    };
  }

  reset(): void {
    this.steps = this.loss = this.seconds = this.halted = this.cell = this.exact = this.qRight = this.stepsUsed = 0;
  }
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function progressLine(p: ProgressSnapshot): string {
  return [
    `step ${p.step}/${p.totalSteps}`,
    `loss ${p.loss.toFixed(4)}`,
    `cell ${pct(p.cellAccuracy)}`,
    `exact ${pct(p.exactAccuracy)}`,
    `halt-acc ${pct(p.qHaltAccuracy)}`,
    `steps ${p.meanSteps.toFixed(1)}`,
    `${p.puzzlesPerSecond.toFixed(1)} puzzles/s`,
    `${(p.secondsPerStep * 1000).toFixed(0)} ms/step`,
    `ETA ${duration(p.etaSeconds)}`,
  ].join('  ');
}
