import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { languageFor, looksLikeArcTask } from '../../../server/src/puzzles';
import type { PuzzleKind } from '../../../server/src/puzzles/types';
import { repoPath } from './helpers';

const root = repoPath('examples');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function kindOf(path: string): PuzzleKind | undefined {
  if (path.endsWith('.sudoku')) return 'sudoku';
  if (path.endsWith('.maze')) return 'maze';
  if (path.endsWith('.json')) return 'arc';
  return undefined;
}

/** Broken examples whose point is a warning rather than an error. */
const EXPECTED_WARNINGS: Record<string, string> = {
  'broken/two-solutions.sudoku': 'sudoku/multiple-solutions',
  'broken/long-path.maze': 'maze/path-not-shortest',
};

const examples = files(root).filter((path) => kindOf(path));

describe('examples', () => {
  it('has examples of every kind, good and broken', () => {
    const names = examples.map((path) => relative(root, path));
    for (const kind of ['sudoku/', 'maze/', 'arc/', 'broken/']) assert.ok(names.some((n) => n.startsWith(kind)), kind);
  });

  for (const path of examples) {
    const name = relative(root, path);
    const kind = kindOf(path)!;
    const broken = name.startsWith('broken/');
    it(`${name} ${broken ? 'shows its problem' : 'diagnoses clean'}`, () => {
      const language = languageFor(kind);
      const text = readFileSync(path, 'utf8');
      const problems = language.diagnose(language.parse(text));
      const summary = problems.map((p) => `${p.severity} ${p.code}: ${p.message}`).join('\n');
      if (!broken) {
        assert.deepEqual(problems, [], summary);
        assert.equal(language.instances(language.parse(text)).length > 0, true);
        if (kind === 'arc') assert.ok(looksLikeArcTask(text));
      } else if (EXPECTED_WARNINGS[name]) {
        assert.deepEqual(problems.map((p) => [p.severity, p.code]), [['warning', EXPECTED_WARNINGS[name]]], summary);
      } else {
        assert.ok(problems.some((p) => p.severity === 'error'), `expected an error in ${name}`);
      }
    });
  }

  it('solves every good sudoku and maze exactly, and the answer verifies', () => {
    for (const path of examples.filter((p) => !relative(root, p).startsWith('broken/'))) {
      const kind = kindOf(path)!;
      if (kind === 'arc') continue;
      const language = languageFor(kind);
      const doc = language.parse(readFileSync(path, 'utf8'));
      const solved = language.exactSolve(doc, 0);
      assert.equal(solved.status, 'unique', path);
      if (solved.status === 'unique') assert.deepEqual(language.verify(doc, 0, solved.answer), { status: 'correct' }, path);
    }
  });
});
