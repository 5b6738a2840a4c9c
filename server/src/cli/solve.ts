/**
 * `trm solve FILE [--model M] [--trace] [--no-verify] [--exact] [--device D] [--steps N] [--all-steps]`:
 * prints the solved puzzle in the file's own format. The TRM answers when a model serves the puzzle (the
 * shipped one that fits, or --model); its answer is verified by the exact solver, and a wrong answer is
 * reported as such with the exact answer printed instead, unless --no-verify asks for the model's own.
 */
import { blockingError } from '../solving/exact-answers';
import { describeResult } from '../solving/describe';
import { propose } from '../solving/proposals';
import type { TextEditSpec, TokenGrid } from '../puzzles/types';
import type { ModelOutcome } from '../trm/runtime/puzzle-solver';
import { applyTextEdits } from '../util/text-edits';
import { choiceOption, intOption, parseArgs, stringOption } from './args';
import { formatProblem } from './check';
import { CliError, readPuzzleFile } from './io';
import { buildModelStack } from '../solving/model-stack';
import { traceText } from './trace';
import { SOLVE_ADAPT_VALUED, solveAdaptedCommand } from './adapt';
import { trainingBandNote } from '../solving/training-band';
import { DEFAULT_MAX_SUPERVISION_STEPS } from '../trm/model/supervision';
import { DEVICE_PREFERENCES, deviceName } from '../trm/runtime/device-names';
import { capProblems } from '../puzzles/common/limits';

export const SOLVE_USAGE = `usage: trm solve FILE [options]
  --model PATH      use this .onnx model (default: the shipped model that fits the puzzle)
  --exact           use the exact solver only (sudoku and mazes)
  --no-verify       print the model's own answer even where verification fails
  --trace           print the answer after every supervision step (to stderr)
  --device D        auto (CUDA, else WebGPU, else CPU; never a GPU slower than the CPU),
                    cuda, webgpu or cpu (default auto)
  --steps N         most supervision steps (default ${DEFAULT_MAX_SUPERVISION_STEPS}, as in the editor and trm eval)
  --all-steps       run every step instead of stopping when the model halts
  --adapt           ARC: learn the task first (trm adapt --help), write attempt 1, print attempt 2 on stderr
  --cache DIR       with --adapt: where adapted rows are cached (see trm adapt --help)
  --adapt-steps N   with --adapt: the adaptation's step budget (trm adapt's --steps)
  --force           with --adapt: adapt again even when this task's row is cached`;

export interface SolveIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function solveCommand(argv: string[], io: SolveIo): Promise<number> {
  const args = parseArgs(argv, ['model', 'device', 'steps', ...SOLVE_ADAPT_VALUED], ['trace', 'no-verify', 'exact', 'all-steps', 'adapt', 'force']);
  const path = args.positional[0];
  if (!path || args.positional.length > 1) throw new CliError(SOLVE_USAGE);
  if (args.options.has('adapt')) return solveAdaptedCommand(path, args, io);
  const file = readPuzzleFile(path);
  const blocked = blockingError(file);
  if (blocked) {
    const errors = capProblems(file.language.diagnose(file.parsed).filter((p) => p.severity === 'error'));
    throw new CliError(['cannot solve: the file has errors', ...errors.map((p) => formatProblem(path, p))].join('\n'), 1);
  }
  const instances = file.language.instances(file.parsed);
  if (instances.length === 0) throw new CliError(`${path}: nothing to solve`, 1);
  const explicitModel = stringOption(args, 'model');

  let outcomes: (ModelOutcome | undefined)[] = instances.map(() => undefined);
  if (!args.options.has('exact')) {
    const models = buildModelStack({ workspaceRoot: () => process.cwd() });
    try {
      outcomes = await models.solver.solve(file.language, instances, {
        device: choiceOption(args, 'device', DEVICE_PREFERENCES, 'auto'),
        modelPath: explicitModel ?? '',
        maxSteps: intOption(args, 'steps', DEFAULT_MAX_SUPERVISION_STEPS, 1, 64),
        haltEarly: !args.options.has('all-steps'),
        perCycle: false,
      });
    } finally {
      await models.dispose();
    }
  }

  const edits: TextEditSpec[] = [];
  for (const [i, instance] of instances.entries()) {
    const label = instances.length > 1 ? instance.label : file.language.kind;
    const outcome = outcomes[i];
    if (explicitModel && outcome && outcome.status !== 'solved') {
      throw new CliError(`${path}: ${outcome.status === 'no-model' ? outcome.reason : outcome.message}`, 1);
    }
    if (outcome?.status === 'solved' && args.options.has('trace')) io.err(traceText(file.language, label, instance.input, outcome.solution));
    const proposal = propose(file, instance, outcome);
    const outsideBand = trainingBandNote(outcome, file.kind, instance);
    if (outsideBand) io.err(`${label}: ${outsideBand}`);
    let tokens: TokenGrid;
    switch (proposal.kind) {
      case 'model-verified':
        io.err(`${label}: ${describeResult(proposal).line}.`);
        tokens = proposal.tokens;
        break;
      case 'model-unverified':
        io.err(`${label}: ${describeResult(proposal).line}.`);
        if (proposal.solution.note) io.err(`${label}: ${proposal.solution.note}`);
        tokens = proposal.tokens;
        break;
      case 'model-wrong':
        if (args.options.has('no-verify')) {
          // Some answers cannot be written at all (an ARC answer that decodes to no grid): say so, never write "output": [].
          if (file.language.writeAnswer(file.parsed, instance.index, proposal.tokens).length === 0 && proposal.wrongCells.length === 0) {
            throw new CliError(`${path}: ${label}: TRM ${proposal.solution.model.name}'s answer cannot be written: ${proposal.summary}`, 1);
          }
          io.err(`${label}: ${describeResult(proposal).line} Printing the model's own answer (--no-verify).`);
          tokens = proposal.tokens;
          break;
        }
        io.err(`${label}: ${describeResult(proposal).line}`);
        if (!proposal.exact.ok) throw new CliError(`${label}: and the exact solver has no answer: ${proposal.exact.message}`, 1);
        io.err(`${label}: printing the exact solver's answer instead.`);
        tokens = proposal.exact.tokens;
        break;
      case 'exact':
        if (!args.options.has('exact')) io.err(`${label}: ${proposal.whyNotModel} Solved with the exact solver.`);
        if (proposal.note) io.err(`${label}: ${proposal.note}`);
        tokens = proposal.tokens;
        break;
      case 'none':
        throw new CliError(`${path}: ${label}: ${proposal.message}`, 1);
    }
    edits.push(...file.language.writeAnswer(file.parsed, instance.index, tokens));
  }
  const onDevice = outcomes.find((o) => o?.status === 'solved');
  if (onDevice?.status === 'solved' && onDevice.solution.model.fallbackReason) {
    io.err(`device: ${deviceName(onDevice.solution.model.device)} (${onDevice.solution.model.fallbackReason})`);
  }
  io.out(applyTextEdits(file.text, edits));
  return 0;
}
