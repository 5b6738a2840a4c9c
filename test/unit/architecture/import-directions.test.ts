// Enforces which layer of client/src and server/src may import which (docs/architecture.md). Each rule holds on
// today's tree; a new import that breaks one fails here with the file, the line, the import and the rule.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { type ImportEdge, importEdges } from './import-graph';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** The layer a repository path belongs to: `client`, a folder under server/src (`trm`), or a top-level server file (`server.ts`). */
function layerOf(path: string): string {
  if (path.startsWith('client/src/')) return 'client';
  if (path.startsWith('server/src/')) return path.slice('server/src/'.length).split('/')[0]!;
  return `outside:${path}`;
}

const lspPackage = /^vscode(-|\/|$)/;

interface Rule {
  name: string;
  /** Layers the rule applies to. */
  from: readonly string[];
  /** Layers inside client/src and server/src these may import (their own is always allowed). */
  mayImport?: readonly string[];
  /** Layers these must not import (used where most layers are allowed). */
  mustNotImport?: readonly string[];
  /** Whether VS Code / LSP packages (`vscode`, `vscode-languageserver*`, `vscode-languageclient`) are refused. */
  noLspPackages?: boolean;
}

const rules: readonly Rule[] = [
  { name: 'puzzles/ is the pure domain: it imports only puzzles/ and no LSP package', from: ['puzzles'], mayImport: [], noLspPackages: true },
  { name: 'render/ draws puzzles: it imports only puzzles/ and no LSP package', from: ['render'], mayImport: ['puzzles'], noLspPackages: true },
  { name: 'util/ imports only puzzles/ and no LSP package', from: ['util'], mayImport: ['puzzles'], noLspPackages: true },
  { name: 'documents/ imports only puzzles/', from: ['documents'], mayImport: ['puzzles'] },
  { name: 'trm/ (model, graph, runtime, training, data) imports only puzzles/ and util/, and no LSP package', from: ['trm'], mayImport: ['puzzles', 'util'], noLspPackages: true },
  { name: 'features/ (LSP adapters) never import cli/ or the entry points', from: ['features'], mustNotImport: ['cli', 'cli.ts', 'server.ts'] },
  { name: 'solving/ (answers without the LSP) imports only puzzles/, trm/, util/ and render/, and no LSP package', from: ['solving'], mayImport: ['puzzles', 'trm', 'util', 'render'], noLspPackages: true },
  { name: 'cli/ imports only puzzles/, trm/, solving/, util/ and render/ (never features/), and no LSP package', from: ['cli', 'cli.ts'], mayImport: ['cli', 'puzzles', 'trm', 'solving', 'util', 'render'], noLspPackages: true },
  // A shared client-server contract folder is planned (issue 15); when it exists, add it to this list.
  { name: 'client/src imports nothing from server/src', from: ['client'], mayImport: [] },
];

// Imports that break a rule but are kept for now, each with why; none today. A stale line fails the test below.
const knownExceptions: readonly { from: string; to: string; why: string }[] = [];

interface Violation { edge: ImportEdge; rule: Rule }

function violations(edges: readonly ImportEdge[]): Violation[] {
  const found: Violation[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    for (const rule of rules) {
      if (!rule.from.includes(from)) continue;
      let broken: boolean;
      if (edge.to === undefined) {
        broken = rule.noLspPackages === true && lspPackage.test(edge.specifier);
      } else {
        const to = layerOf(edge.to);
        if (rule.from.includes(to)) broken = false;
        else if (rule.mayImport) broken = !rule.mayImport.includes(to);
        else broken = rule.mustNotImport?.includes(to) === true;
      }
      if (broken) found.push({ edge, rule });
    }
  }
  return found;
}

const isKnown = (v: Violation): boolean => knownExceptions.some((k) => k.from === v.edge.from && k.to === v.edge.to);
const describe = (v: Violation): string => `${v.edge.from}:${v.edge.line} imports '${v.edge.specifier}'${v.edge.to ? ` (${v.edge.to})` : ''} — breaks: ${v.rule.name}`;

test('every import in client/src and server/src follows the layer rules', () => {
  const edges = importEdges(repoRoot, ['client/src', 'server/src']);
  assert.ok(edges.length > 100, `only ${edges.length} imports found: the graph reader is broken`);
  const unexpected = violations(edges).filter((v) => !isKnown(v));
  assert.deepEqual(unexpected.map(describe), [], `imports that break the layer rules (docs/architecture.md):\n${unexpected.map(describe).join('\n')}`);
});

test('every known exception is still an import that breaks a rule (a fixed one must leave the list)', () => {
  const found = violations(importEdges(repoRoot, ['client/src', 'server/src']));
  const stale = knownExceptions.filter((k) => !found.some((v) => v.edge.from === k.from && v.edge.to === k.to));
  assert.deepEqual(stale, [], 'remove these from knownExceptions: the import is gone or no longer breaks a rule');
});

test('the import graph sees every import form and resolves extensionless and folder specifiers', () => {
  const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  try {
    mkdirSync(join(root, 'src', 'lib'), { recursive: true });
    writeFileSync(join(root, 'src', 'lib', 'index.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'src', 'b.ts'), 'export type B = number;\n');
    writeFileSync(join(root, 'src', 'main.ts'), [
      "import { a } from './lib';",
      "import type { B } from './b';",
      "export { a as c } from './lib/index';",
      "export * from './b';",
      "import 'vscode-languageserver';",
      "const later = import('./b');",
      "const old = require('node:fs');",
      'void a; void later; void old; export type D = B;',
    ].join('\n'));
    const edges = importEdges(root, ['src']).filter((e) => e.from === 'src/main.ts');
    assert.deepEqual(edges.map((e) => [e.specifier, e.to, e.line]), [
      ['./lib', 'src/lib/index.ts', 1],
      ['./b', 'src/b.ts', 2],
      ['./lib/index', 'src/lib/index.ts', 3],
      ['./b', 'src/b.ts', 4],
      ['vscode-languageserver', undefined, 5],
      ['./b', 'src/b.ts', 6],
      ['node:fs', undefined, 7],
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the rules catch a features/ -> cli/ import, a puzzles/ -> trm/ import and an LSP package in puzzles/', () => {
  const edge = (from: string, specifier: string, to: string | undefined): ImportEdge => ({ from, specifier, to, line: 1 });
  const bad = violations([
    edge('server/src/features/hover.ts', '../cli/solve', 'server/src/cli/solve.ts'),
    edge('server/src/puzzles/sudoku/solve.ts', '../../trm/model/config', 'server/src/trm/model/config.ts'),
    edge('server/src/puzzles/types.ts', 'vscode-languageserver', undefined),
    edge('client/src/status.ts', '../../server/src/trm/model/config', 'server/src/trm/model/config.ts'),
  ]);
  assert.deepEqual(bad.map((v) => v.edge.from), ['server/src/features/hover.ts', 'server/src/puzzles/sudoku/solve.ts', 'server/src/puzzles/types.ts', 'client/src/status.ts']);
  const fine = violations([
    edge('server/src/trm/model/config.ts', '../puzzles/types', 'server/src/puzzles/types.ts'),
    edge('server/src/features/hover.ts', '../trm/model/config', 'server/src/trm/model/config.ts'),
    edge('server/src/puzzles/sudoku/solve.ts', './parse', 'server/src/puzzles/sudoku/parse.ts'),
  ]);
  assert.deepEqual(fine, []);
});
