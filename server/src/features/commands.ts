/**
 * Server commands (`workspace/executeCommand`), usable from any LSP client: solve a whole puzzle, give a
 * hint, and show the model's recursion steps. Edits go through `workspace/applyEdit` against the document
 * version that was solved, so an edit computed for an older text is refused rather than misapplied.
 */
import type { Position } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { CommandResult, RecursionResult } from '../contract/commands';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import type { TextEditSpec, TokenGrid } from '../puzzles/types';
import { documentEdit } from './edits';
import { blockingError } from '../solving/exact-answers';
import { hintAt } from './hints';
import { capitalised, describeResult } from '../solving/describe';
import { propose, type Proposal } from '../solving/proposals';
import { recursionMarkdown } from './recursion-view';


export const INSERT_EXACT = 'Insert the exact answer';
export const INSERT_MODEL = 'Insert the model answer anyway';

function openPuzzle(ctx: ServerContext, uri: unknown): OpenPuzzle | string {
  if (typeof uri !== 'string') return 'Expected a document URI as the first argument.';
  const document = ctx.documents.get(uri);
  if (!document) return `The document is not open: ${uri}`;
  return ctx.puzzles.get(document) ?? 'This document is not a sudoku, maze or ARC task.';
}

async function apply(ctx: ServerContext, puzzle: OpenPuzzle, label: string, edits: TextEditSpec[]): Promise<boolean> {
  if (edits.length === 0) return false;
  const result = await ctx.connection.workspace.applyEdit({ label, edit: documentEdit(ctx.abilities, puzzle.uri, puzzle.version, edits) });
  return result.applied;
}

/** What to write for one proposal; asks the user when the model's answer failed verification. */
async function decide(ctx: ServerContext, puzzle: OpenPuzzle, p: Proposal, multi: boolean): Promise<{ edits: TextEditSpec[]; note: string }> {
  const label = multi ? `${p.instance.label}: ` : '';
  const write = (tokens: TokenGrid) => puzzle.language.writeAnswer(puzzle.parsed, p.instance.index, tokens);
  switch (p.kind) {
    case 'model-verified':
    case 'model-unverified':
      return { edits: write(p.tokens), note: `${label}${capitalised(describeResult(p).line)}.` };
    case 'exact':
      return { edits: write(p.tokens), note: `${label}Solved with the exact solver. ${p.whyNotModel}${p.note ? ` ${p.note}` : ''}` };
    case 'none':
      return { edits: [], note: `${label}${p.message}` };
    case 'model-wrong': {
      const question = `${label}${describeResult(p).line}`;
      // An answer that cannot be written (an ARC answer that decodes to no grid) is not offered.
      const writable = write(p.tokens).length > 0;
      const actions = [...(p.exact.ok ? [INSERT_EXACT] : []), ...(writable ? [INSERT_MODEL] : [])];
      if (actions.length === 0) return { edits: [], note: `${question} Nothing inserted.` };
      if (!ctx.abilities.messageActions) {
        return p.exact.ok
          ? { edits: write(p.exact.tokens), note: `${question} Inserted the exact answer instead.` }
          : { edits: [], note: `${question} Nothing inserted.` };
      }
      const choice = await ctx.connection.window.showWarningMessage(question, ...actions.map((title) => ({ title })));
      if (choice?.title === INSERT_EXACT && p.exact.ok) return { edits: write(p.exact.tokens), note: `${label}Inserted the exact solver's answer instead of the model's.` };
      if (choice?.title === INSERT_MODEL) return { edits: write(p.tokens), note: `${label}Inserted the model's answer, which fails verification (${p.wrongCells.length} wrong cells).` };
      return { edits: [], note: `${label}Nothing inserted: the model's answer failed verification.` };
    }
  }
}

export async function solveCommand(ctx: ServerContext, uri: unknown): Promise<CommandResult> {
  const puzzle = openPuzzle(ctx, uri);
  if (typeof puzzle === 'string') return { applied: false, message: puzzle };
  const blocked = blockingError(puzzle);
  if (blocked) return { applied: false, message: blocked };
  const instances = puzzle.language.instances(puzzle.parsed);
  if (instances.length === 0) return { applied: false, message: 'Nothing to solve in this document.' };

  const outcomes = await ctx.answers.get(puzzle);
  const edits: TextEditSpec[] = [];
  const notes: string[] = [];
  for (const [i, instance] of instances.entries()) {
    const decided = await decide(ctx, puzzle, propose(puzzle, instance, outcomes[i]), instances.length > 1);
    edits.push(...decided.edits);
    notes.push(decided.note);
  }
  if (edits.length === 0) return { applied: false, message: notes.join(' ') };
  const applied = await apply(ctx, puzzle, 'TRM: solve puzzle', edits);
  return { applied, message: applied ? notes.join(' ') : 'The editor did not apply the solution (the document changed?).' };
}

export async function hintCommand(ctx: ServerContext, uri: unknown, position: unknown): Promise<CommandResult> {
  const puzzle = openPuzzle(ctx, uri);
  if (typeof puzzle === 'string') return { applied: false, message: puzzle };
  const hint = await hintAt(ctx, puzzle, isPosition(position) ? position : undefined);
  if ('message' in hint) return { applied: false, message: hint.message };
  const applied = await apply(ctx, puzzle, 'TRM: hint', puzzle.language.writeCell(puzzle.parsed, hint.instance, hint.row, hint.col, hint.token));
  return {
    applied,
    message: applied
      ? `Hint: row ${hint.row + 1}, column ${hint.col + 1} is ${puzzle.language.tokenText(hint.token)} (${hint.source}).`
      : 'The editor did not apply the hint (the document changed?).',
  };
}

/** The recursion steps of every instance as markdown (the client shows it in a preview). */
export async function recursionCommand(ctx: ServerContext, uri: unknown): Promise<RecursionResult> {
  const puzzle = openPuzzle(ctx, uri);
  if (typeof puzzle === 'string') return { message: puzzle };
  const instances = puzzle.language.instances(puzzle.parsed);
  if (instances.length === 0) return { message: blockingError(puzzle) ?? 'Nothing to solve in this document.' };
  const settings = await ctx.settings.get(puzzle.uri);
  const outcomes = await ctx.answers.get(puzzle);
  const sections: string[] = [];
  for (const [i, instance] of instances.entries()) {
    const outcome = outcomes[i];
    sections.push(`## ${instance.label}`, '');
    if (outcome?.status !== 'solved') {
      sections.push(outcome?.status === 'no-model' ? outcome.reason : `The model failed: ${outcome?.message ?? 'no answer'}`, '');
      continue;
    }
    const proposal = propose(puzzle, instance, outcome);
    const verdict = 'solution' in proposal ? describeResult(proposal).sentence : undefined;
    sections.push(
      recursionMarkdown(puzzle.kind, outcome.solution, {
        input: instance.input,
        perCycle: settings.recursionPerCycle,
        maxSide: 160,
        ...(proposal.kind === 'model-wrong' ? { wrongCells: proposal.wrongCells } : {}),
        ...(verdict ? { verdict } : {}),
      }),
      '',
    );
  }
  const name = puzzle.uri.split('/').pop() ?? puzzle.uri;
  return { markdown: [`# TRM recursion steps: ${readableName(name)}`, '', ...sections].join('\n'), message: 'ok' };
}

/** A URI's last segment decoded; as written when its escapes are malformed (any client may send any URI). */
function readableName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}
