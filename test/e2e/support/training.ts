/**
 * What a "TRM: Train Model" run shows and leaves behind, read the way the suite checks it: the progress line in
 * the task's terminal and the checkpoint's header. Independent of the trainer's own code, like puzzle-text.ts.
 */
import { readFileSync } from 'node:fs';

/** The figures of one progress line (server/src/trm/train/progress.ts `progressLine`). */
export interface ProgressFigures {
  /** The line as shown. */
  line: string;
  step: number;
  totalSteps: number;
  puzzlesPerSecond: number;
}

/**
 * `step 12/1500  loss 1.9876  cell 31.2%  exact 0.0%  halt-acc 50.0%  steps 6.0  40.3 puzzles/s  1200 ms/step
 * ETA 29m58s`: the fields the user reads, in order, whatever the numbers.
 */
const PROGRESS = /step (\d+)\/(\d+)\s+loss \d+\.\d+\s+cell \d+\.\d%\s+exact \d+\.\d%\s+.*?(\d+\.\d) puzzles\/s\s+.*?ETA \S+/g;

/** The progress lines in a terminal's output (panels.ts `terminalOutput`: rows joined), oldest first. */
export function progressLines(output: string): ProgressFigures[] {
  return [...output.matchAll(PROGRESS)].map((m) => ({
    line: m[0],
    step: Number(m[1]),
    totalSteps: Number(m[2]),
    puzzlesPerSecond: Number(m[3]),
  }));
}

/**
 * The training step a checkpoint was written at, from its header (server/src/trm/train/checkpoint.ts: the
 * line `TRMCKPT1`, the JSON header's length as a little-endian u32, the header `{ meta: { step, ... }, ... }`),
 * or undefined when the file is not a checkpoint.
 */
export function checkpointStep(path: string): number | undefined {
  const magic = 'TRMCKPT1\n';
  const file = readFileSync(path);
  if (file.length < magic.length + 4 || file.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
  const length = file.readUInt32LE(magic.length);
  const start = magic.length + 4;
  if (file.length < start + length) return undefined;
  const header = JSON.parse(file.subarray(start, start + length).toString('utf8')) as { meta?: { step?: unknown } };
  return typeof header.meta?.step === 'number' ? header.meta.step : undefined;
}
