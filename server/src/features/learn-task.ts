/**
 * "TRM: Learn This Task" in the editor: the server command (work-done progress with step, loss, the
 * held-out demonstration and an ETA; cancellable), the hover section with the two attempts as pictures,
 * and the code actions on a test pair (learn; once learned, insert attempt 1 or attempt 2). The learning
 * itself runs in the model worker (solving/learned-tasks.ts); answers stay unverified: ARC has no solver.
 */
import type { CancellationToken, CodeAction, Position, Range, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { testPairAt, writeArcOutput, type ArcDocument } from '../puzzles/arc';
import { arcVocabulary } from '../puzzles/vocabulary';
import { gridMarkdown } from '../render/grid-image';
import type { LearnTarget } from '../solving/learned-tasks';
import type { AdaptProgress } from '../trm/adapt/adapt';
import type { Candidate } from '../trm/adapt/attempts';
import type { LearnedTask } from '../trm/adapt/learn-task';
import { documentEdit } from './edits';
import { LEARN_TASK_KIND } from './learn-task-names';
import { SERVER_COMMANDS, type LearnTaskResult } from '../contract/commands';

function progressText(p: AdaptProgress): string {
  const held = p.heldOut ? `held-out demo ${p.heldOut.right === p.heldOut.versions ? 'right' : 'wrong'} (${p.heldOut.right}/${p.heldOut.versions})` : 'held-out demo not checked yet';
  return `step ${p.step}/${p.steps} · loss ${p.loss.toFixed(3)} · ${held} · ETA ${Math.ceil(p.etaSeconds)} s`;
}

async function targetOf(ctx: ServerContext, puzzle: OpenPuzzle): Promise<LearnTarget | { error: string }> {
  const settings = await ctx.settings.get(puzzle.uri);
  return ctx.learned.target(puzzle.parsed as ArcDocument, settings.models.arc, settings.device);
}

function votesText(c: Candidate, versions: number): string {
  return `${c.votes} of ${versions} votes`;
}

export function learnedSummary(l: LearnedTask): string {
  const r = l.row;
  const held = r.heldOut ? `; the held-out demonstration right in ${r.heldOut.right} of ${r.heldOut.versions} versions` : '';
  return `reproduces ${l.demos.reproduced} of ${l.demos.total} demonstration pairs${held} (row of step ${r.bestStep} of ${r.stepsRun}${l.fromCache ? ', from the cache' : `, ${r.seconds.toFixed(0)} s`})`;
}

/**
 * The request's own cancellation token, and its work-done progress when the client sent a workDoneToken
 * (VS Code's client does, to show a cancellable notification); without one the server creates the progress.
 */
export interface LearnRequest {
  token?: CancellationToken;
  workDone?: WorkDoneProgressReporter;
}

/** Cancelled when any of the tokens is. */
function anyOf(tokens: (CancellationToken | undefined)[]): CancellationToken {
  const live = tokens.filter((t): t is CancellationToken => t !== undefined);
  return {
    get isCancellationRequested() {
      return live.some((t) => t.isCancellationRequested);
    },
    onCancellationRequested: (listener: (e: unknown) => unknown) => {
      const subs = live.map((t) => t.onCancellationRequested(listener));
      return { dispose: () => subs.forEach((s) => s.dispose()) };
    },
  } as CancellationToken;
}

export async function learnTaskCommand(ctx: ServerContext, uri: unknown, options: unknown, request: LearnRequest = {}): Promise<LearnTaskResult> {
  if (typeof uri !== 'string') return { learned: false, message: 'Expected a document URI as the first argument.' };
  const document = ctx.documents.get(uri);
  const puzzle = document && ctx.puzzles.get(document);
  if (!puzzle) return { learned: false, message: `The document is not open or not a puzzle: ${uri}` };
  if (puzzle.kind !== 'arc') return { learned: false, message: `Learn This Task learns ARC tasks; this document is a ${puzzle.kind}.` };
  const opts = (typeof options === 'object' && options !== null ? options : {}) as { steps?: unknown; force?: unknown };
  const steps = typeof opts.steps === 'number' && Number.isInteger(opts.steps) && opts.steps >= 1 && opts.steps <= 100_000 ? opts.steps : undefined;
  const target = await targetOf(ctx, puzzle);
  if ('error' in target) return { learned: false, message: target.error };
  if (target.known) return { learned: false, message: `${target.modelName} was trained on this task: it answers with the task's own row, so there is nothing to learn.` };
  const created = request.workDone ? undefined : await ctx.connection.window.createWorkDoneProgress();
  const progress = request.workDone ?? created!;
  const cancel = anyOf([request.token, created?.token]);
  progress.begin('TRM: learning this task', 0, `adapting ${target.modelName} to ${target.task.train.length} demonstration pairs…`, true);
  try {
    const result = await ctx.learned.learn(target, { ...(steps !== undefined ? { steps } : {}), force: opts.force === true }, (p) => progress.report(Math.round((100 * p.step) / p.steps), progressText(p)), cancel);
    const first = result.attempts[0]?.attempt1;
    return {
      learned: true,
      message: `TRM learned this task: ${learnedSummary(result)}. ${first ? `Attempt 1 has ${votesText(first, result.attempts[0]!.versions)}` : 'No attempt'} — hover the test output for both attempts; UNVERIFIED (ARC has no exact solver).`,
    };
  } catch (e) {
    if (e instanceof Error && e.name === 'SolveCancelledError') return { learned: false, message: 'Learning this task was cancelled.' };
    return { learned: false, message: `Learning this task failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    progress.done();
  }
}

function picture(c: Candidate, label: string): string {
  const tokens = c.grid.map((row) => row.map((v) => arcVocabulary.colourToken(v)));
  return gridMarkdown('arc', tokens, label, { maxSide: 120 });
}

/** Hover markdown on a test pair of an ARC task the model does not know; undefined elsewhere. */
export async function learnedAttemptsHover(ctx: ServerContext, puzzle: OpenPuzzle, position: Position): Promise<string | undefined> {
  if (puzzle.kind !== 'arc') return undefined;
  const doc = puzzle.parsed as ArcDocument;
  const pair = testPairAt(doc, doc.lines.offsetAt(position));
  if (!pair) return undefined;
  const target = await targetOf(ctx, puzzle);
  if ('error' in target || target.known) return undefined;
  const learned = await ctx.learned.lookup(target);
  if (!learned) {
    return `**Not learned yet:** ${target.modelName} was not trained on this task. Run **TRM: Learn This Task** (or the code action on the test input) to adapt it to the ${target.task.train.length} demonstration pairs; then both attempts show here.`;
  }
  const attempts = learned.attempts[pair.index];
  if (!attempts) return undefined;
  const lines = [`**TRM adapted to this task** — UNVERIFIED (ARC has no exact solver): ${learnedSummary(learned)}.`];
  for (const [label, c] of [['Attempt 1', attempts.attempt1], ['Attempt 2', attempts.attempt2]] as const) {
    if (!c) {
      lines.push('', `**${label}:** none (${attempts.versions} versions gave ${attempts.distinct} distinct answers).`);
      continue;
    }
    lines.push('', `**${label}** — ${votesText(c, attempts.versions)}, mean halt ${c.meanHalt.toFixed(2)}, ${c.grid.length}x${c.grid[0]!.length}`, '', picture(c, `${label}, ${c.grid.length}x${c.grid[0]!.length}`));
  }
  return lines.join('\n');
}

/** On a test pair of a task the model does not know: learn it, or once learned, insert attempt 1 / attempt 2. */
export async function learnTaskActions(ctx: ServerContext, puzzle: OpenPuzzle, range: Range, wants: (kind: string) => boolean): Promise<CodeAction[]> {
  if (puzzle.kind !== 'arc' || !wants(LEARN_TASK_KIND)) return [];
  const doc = puzzle.parsed as ArcDocument;
  const pair = testPairAt(doc, doc.lines.offsetAt(range.start));
  if (!pair) return [];
  const target = await targetOf(ctx, puzzle);
  if ('error' in target || target.known) return [];
  const learned = await ctx.learned.lookup(target);
  const attempts = learned?.attempts[pair.index];
  if (!attempts?.attempt1) {
    const title = learned ? 'Learn this task again (TRM)' : 'Learn this task (TRM adapts to its demonstrations)';
    return [{ title, kind: LEARN_TASK_KIND, command: { title, command: SERVER_COMMANDS.learnTask, arguments: [puzzle.uri, ...(learned ? [{ force: true }] : [])] } }];
  }
  const actions: CodeAction[] = [];
  for (const [label, c] of [['attempt 1', attempts.attempt1], ['attempt 2', attempts.attempt2]] as const) {
    if (!c) continue;
    const edits = writeArcOutput(doc, pair.index, c.grid);
    if (edits.length === 0) continue;
    actions.push({
      title: `Insert ${label} (TRM adapted, ${votesText(c, attempts.versions)}, unverified)`,
      kind: LEARN_TASK_KIND,
      ...(label === 'attempt 1' ? { isPreferred: true } : {}),
      edit: documentEdit(ctx.abilities, puzzle.uri, puzzle.version, edits),
    });
  }
  return actions;
}
