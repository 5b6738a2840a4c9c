/**
 * Hover: the domain's facts about the cell or grid under the cursor with a picture of the grid, and, where
 * a model serves the puzzle, the preview of its recursion steps.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import type { OpenPuzzle } from '../documents/puzzle-documents';
import { gridMarkdown, markKey, type CellMark } from '../render/grid-image';
import type { ModelOutcome } from '../trm/runtime/puzzle-solver';
import { arcOutputComparison } from './arc-output-hover';
import { learnedAttemptsHover } from './learn-task';
import { blockingError } from '../solving/exact-answers';
import { outcomeIndex } from '../solving/hint-choice';
import { describeResult } from '../solving/describe';
import { propose } from '../solving/proposals';
import { recursionMarkdown } from './recursion-view';
import { withTrainingBandNote } from '../solving/training-band';

const VERDICT_ICONS = { verified: '✅', wrong: '❌', unverified: '⚠️' } as const;

/** How long a hover waits for a model run that is not finished yet. */
const MODEL_WAIT_MS = 3000;

export function describeHover(puzzle: OpenPuzzle, position: Position): { hover: Hover; instance?: number } | undefined {
  const facts = puzzle.language.describe(puzzle.parsed, position);
  if (!facts) return undefined;
  const parts = [`**${facts.title}**`, '', ...facts.facts.map((f) => `- ${f}`)];
  if (facts.grid) {
    const marks = new Map<string, CellMark>();
    if (facts.grid.highlight) marks.set(markKey(facts.grid.highlight.row, facts.grid.highlight.col), 'cursor');
    parts.push('', gridMarkdown(puzzle.kind, facts.grid.tokens, facts.title, { marks, maxSide: 160 }));
  }
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: parts.join('\n') }, range: facts.range };
  return facts.instance === undefined ? { hover } : { hover, instance: facts.instance };
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function recursionSection(puzzle: OpenPuzzle, instanceIndex: number, outcomes: ModelOutcome[] | undefined, perCycle: boolean): string {
  if (!outcomes) return '_TRM is still thinking about this puzzle: hover again in a moment._';
  const instances = puzzle.language.instances(puzzle.parsed);
  const index = outcomeIndex(instances, instanceIndex);
  const outcome = outcomes[index];
  const instance = instances[index];
  if (!outcome || !instance) return '';
  if (outcome.status === 'no-model') return `_${outcome.reason}_`;
  if (outcome.status === 'failed') return `_The model failed: ${outcome.message}_`;
  const proposal = propose(puzzle, instance, outcome);
  const words = 'solution' in proposal ? describeResult(proposal) : undefined;
  const verdict = words && `${VERDICT_ICONS[words.verdict]} ${words.sentence}`;
  return recursionMarkdown(puzzle.kind, withTrainingBandNote(outcome.solution, puzzle.kind, instance), {
    input: instance.input,
    perCycle,
    ...(proposal.kind === 'model-wrong' ? { wrongCells: proposal.wrongCells } : {}),
    ...(verdict ? { verdict } : {}),
  });
}

export async function hoverWithRecursion(ctx: ServerContext, puzzle: OpenPuzzle, position: Position): Promise<Hover | null> {
  const described = describeHover(puzzle, position);
  if (!described) return null;
  if (described.instance === undefined || blockingError(puzzle)) return described.hover;
  const settings = await ctx.settings.get(puzzle.uri);
  const outcomes = await within(ctx.answers.get(puzzle), MODEL_WAIT_MS);
  const section = [await learnedAttemptsHover(ctx, puzzle, position), arcOutputComparison(puzzle, position, outcomes), recursionSection(puzzle, described.instance, outcomes, settings.recursionPerCycle)]
    .filter((s) => s)
    .join('\n\n');
  if (!section) return described.hover;
  const contents = described.hover.contents as { kind: string; value: string };
  return { ...described.hover, contents: { kind: MarkupKind.Markdown, value: `${contents.value}\n\n---\n\n${section}` } };
}
