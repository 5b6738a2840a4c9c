/**
 * `trm eval-arc MODEL --data DIR [--steps N] [--device D] [--submission FILE]`: an ARC model (an imported
 * reference checkpoint, say) scored as the reference scores it (evaluators/arc.py, arc-evaluation.ts) on the
 * test split of a reference ARC dataset folder: every augmented version of every test input, all N_sup
 * supervision steps, answers mapped back and voted, pass@K; the submission (two attempts per test input)
 * optionally written as the reference's submission.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadReferenceSplit } from '../trm/data/reference/load';
import { evaluateArc, PASS_KS, type ArcAnswer, type ArcTestTask } from '../trm/import/arc-evaluation';
import { loadModelFile } from '../trm/model/model-file';
import { runAct } from '../trm/runtime/act';
import { createDeviceSession, type DevicePreference } from '../trm/runtime/device';
import { choiceOption, intOption, parseArgs, stringOption } from './args';
import { CliError } from './io';
import { evalArcTasks } from './eval-arc-tasks';

export const EVAL_ARC_USAGE = `usage: trm eval-arc MODEL --data DIR [options]
       trm eval-arc MODEL --tasks FILE [--versions V] [--seed N] [--steps N] [--json FILE] [--write-card]
                         [--adapt [--adapt-steps N] [--cache DIR] [--threads N]]
  --tasks FILE       pass@1 and pass@2 on the tasks of a held-out list (models/arc-heldout.json), read from the
                     ARC task files: blank task embedding, V augmented versions per test input (default 8) voted
                     into two attempts; a task counts when an attempt equals the answer on every test input
  --json FILE        (with --tasks) write every task's attempts and the figures as JSON
  --write-card       (with --tasks) write the figures into the model's card (arcHeldOut; with --adapt arcHeldOutAdapted)
  --adapt            (with --tasks) learn each task first, as Learn This Task does (a task row fitted to its
                     demonstrations, --adapt-steps N, default 200), then 16 versions voted (--versions); the
                     rows are cached in --cache DIR when given, so a stopped run resumes; progress on stderr
  MODEL              an ARC model (.onnx) with a puzzle embedding
  --data DIR         a reference ARC dataset folder: test/ (dataset.json, all__*.npy), identifiers.json, test_puzzles.json
  --steps N          supervision steps per input (default: the model's N_sup, as the reference evaluates;
                     with --tasks: at most 16, halting early as the editor answers)
  --device D         auto, cuda or cpu (default auto)
  --submission FILE  write the two attempts per test input as the reference's submission.json`;

export interface EvalArcIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function evalArcCommand(argv: string[], io: EvalArcIo): Promise<number> {
  const args = parseArgs(argv, ['data', 'steps', 'device', 'submission', 'tasks', 'versions', 'seed', 'json', 'adapt-steps', 'cache', 'threads'], ['write-card', 'adapt']);
  const modelPath = args.positional[0];
  const dir = stringOption(args, 'data');
  const tasksFile = stringOption(args, 'tasks');
  if (modelPath && args.positional.length === 1 && tasksFile && !dir) return evalArcTasks(modelPath, tasksFile, args, io.out, io.err);
  if (!modelPath || args.positional.length > 1 || !dir) throw new CliError(EVAL_ARC_USAGE);
  const model = await loadModelFile(modelPath);
  const { config } = model;
  if (model.card.kind !== 'arc' || config.puzzleEmbLen === 0) throw new CliError(`${modelPath} is not an ARC model with a puzzle embedding`, 1);
  const side = Math.round(Math.sqrt(config.seqLen));
  const read = (name: string): unknown => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new CliError(`${dir} has no ${name} (the reference ARC builder writes it)`, 1);
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  };
  const identifiers = read('identifiers.json') as string[];
  const testTasks = read('test_puzzles.json') as Record<string, ArcTestTask>;
  if (!Array.isArray(identifiers) || identifiers.length !== config.numPuzzleIdentifiers) {
    throw new CliError(`identifiers.json names ${Array.isArray(identifiers) ? identifiers.length : 'no'} puzzle ids; the model has ${config.numPuzzleIdentifiers}`, 1);
  }
  const split = loadReferenceSplit(dir, 'test');
  const sequences: { tokens: Int32Array; puzzleId: number }[] = [];
  try {
    if (split.metadata.seq_len !== config.seqLen) throw new CliError(`the test split has seq_len ${split.metadata.seq_len}; the model reads ${config.seqLen}`, 1);
    for (const set of split.sets.values()) {
      for (let p = 0; p + 1 < set.puzzleIndices.length; p++) {
        for (let e = set.puzzleIndices[p]!; e < set.puzzleIndices[p + 1]!; e++) {
          const tokens = new Int32Array(config.seqLen);
          set.inputs.read(e, tokens);
          sequences.push({ tokens, puzzleId: set.puzzleIdentifiers[p]! });
        }
      }
    }
  } finally {
    split.close();
  }
  const steps = intOption(args, 'steps', config.haltMaxSteps, 1, 1024);
  const device = choiceOption(args, 'device', ['auto', 'cuda', 'cpu'] as const, 'auto') as DevicePreference;
  const { session, device: used } = await createDeviceSession(model.bytes, device);
  const answers: ArcAnswer[] = [];
  const started = Date.now();
  try {
    const BATCH = 32;
    for (let i = 0; i < sequences.length; i += BATCH) {
      const chunk = sequences.slice(i, i + BATCH);
      const traces = await runAct(session, config, chunk, { maxSteps: steps, haltEarly: false, perCycle: false });
      traces.forEach((t, j) => {
        if (t) answers.push({ puzzleId: chunk[j]!.puzzleId, input: chunk[j]!.tokens, answer: t.answer, qHalt: t.qHalt[t.qHalt.length - 1]! });
      });
    }
  } finally {
    await session.release();
  }
  const result = evaluateArc(answers, identifiers, testTasks, side);
  const submission = stringOption(args, 'submission');
  if (submission) writeFileSync(submission, JSON.stringify(result.submission));
  io.out(
    `${modelPath}: ${result.tasks} ARC tasks, ${sequences.length} augmented test inputs, ${steps} supervision steps each (${used}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
      PASS_KS.map((k) => `ARC/pass@${k}: ${(result.passAt[k]! * 100).toFixed(2)}%`).join('\n') +
      '\n' +
      (result.unanswered ? `${result.unanswered} test inputs had no answer (no puzzle of the test split holds them)\n` : ''),
  );
  return 0;
}
