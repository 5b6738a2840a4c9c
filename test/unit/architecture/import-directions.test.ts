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
  /** The only packages these may import (node:* built-ins and these), when set. */
  onlyPackages?: RegExp;
  /** Layers in mayImport that may be imported for types only (`import type`), nothing that runs. */
  typesOnlyFrom?: readonly string[];
}

const rules: readonly Rule[] = [
  { name: 'puzzles/ is the pure domain: it imports only puzzles/ and no LSP package', from: ['puzzles'], mayImport: [], noLspPackages: true },
  { name: 'render/ draws puzzles: it imports only puzzles/ and no LSP package', from: ['render'], mayImport: ['puzzles'], noLspPackages: true },
  { name: 'util/ imports only puzzles/ and no LSP package', from: ['util'], mayImport: ['puzzles'], noLspPackages: true },
  { name: 'documents/ imports only puzzles/', from: ['documents'], mayImport: ['puzzles'] },
  {
    name: 'contract/ (the client–server contract) imports only types from puzzles/, node built-ins and vscode-languageserver-protocol',
    from: ['contract'],
    mayImport: ['puzzles'],
    typesOnlyFrom: ['puzzles'],
    onlyPackages: /^(node:|vscode-languageserver-protocol$)/,
  },
  { name: 'trm/ (model, graph, runtime, training, data) imports only puzzles/, util/ and contract/, and no LSP package', from: ['trm'], mayImport: ['puzzles', 'util', 'contract'], noLspPackages: true },
  { name: 'features/ (LSP adapters) never import cli/ or the entry points', from: ['features'], mustNotImport: ['cli', 'cli.ts', 'server.ts'] },
  { name: 'solving/ (answers without the LSP) imports only puzzles/, trm/, util/, render/ and contract/, and no LSP package', from: ['solving'], mayImport: ['puzzles', 'trm', 'util', 'render', 'contract'], noLspPackages: true },
  { name: 'cli/ imports only puzzles/, trm/, solving/, util/, render/ and contract/ (never features/), and no LSP package', from: ['cli', 'cli.ts'], mayImport: ['cli', 'puzzles', 'trm', 'solving', 'util', 'render', 'contract'], noLspPackages: true },
  { name: 'client/src imports nothing from server/src but the contract (server/src/contract/)', from: ['client'], mayImport: ['contract'] },
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
        broken = (rule.noLspPackages === true && lspPackage.test(edge.specifier)) || (rule.onlyPackages !== undefined && !rule.onlyPackages.test(edge.specifier));
      } else {
        const to = layerOf(edge.to);
        if (rule.from.includes(to)) broken = false;
        else if (rule.mayImport) broken = !rule.mayImport.includes(to) || (rule.typesOnlyFrom?.includes(to) === true && !edge.typeOnly);
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
      'import { type B as B2 } from "./b";',
      'export type { B as B3 } from "./b";',
      'import { type B as B4, c as c2 } from "./b"; export type E = B2 | B4; void c2;',
    ].join('\n'));
    const edges = importEdges(root, ['src']).filter((e) => e.from === 'src/main.ts');
    assert.deepEqual(edges.map((e) => [e.specifier, e.to, e.line, e.typeOnly]), [
      ['./lib', 'src/lib/index.ts', 1, false],
      ['./b', 'src/b.ts', 2, true],
      ['./lib/index', 'src/lib/index.ts', 3, false],
      ['./b', 'src/b.ts', 4, false],
      ['vscode-languageserver', undefined, 5, false],
      ['./b', 'src/b.ts', 6, false],
      ['node:fs', undefined, 7, false],
      ['./b', 'src/b.ts', 9, true],
      ['./b', 'src/b.ts', 10, true],
      ['./b', 'src/b.ts', 11, false],
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the rules catch a features/ -> cli/ import, a puzzles/ -> trm/ import, an LSP package in puzzles/, and client or contract imports past the contract', () => {
  const edge = (from: string, specifier: string, to: string | undefined, typeOnly = false): ImportEdge => ({ from, specifier, to, line: 1, typeOnly });
  const bad = violations([
    edge('server/src/features/hover.ts', '../cli/solve', 'server/src/cli/solve.ts'),
    edge('server/src/puzzles/sudoku/solve.ts', '../../trm/model/config', 'server/src/trm/model/config.ts'),
    edge('server/src/puzzles/types.ts', 'vscode-languageserver', undefined),
    edge('client/src/status.ts', '../../server/src/trm/model/config', 'server/src/trm/model/config.ts'),
    edge('server/src/contract/model-card.ts', '../trm/model/config', 'server/src/trm/model/config.ts', true),
    edge('server/src/contract/messages.ts', '../puzzles/detect', 'server/src/puzzles/detect.ts'),
    edge('server/src/contract/messages.ts', 'vscode-languageserver', undefined),
    edge('server/src/contract/messages.ts', 'vscode', undefined),
    edge('client/src/ctx.ts', '../../server/src/features/status', 'server/src/features/status.ts', true),
  ]);
  assert.deepEqual(bad.map((v) => v.edge.from), [
    'server/src/features/hover.ts', 'server/src/puzzles/sudoku/solve.ts', 'server/src/puzzles/types.ts', 'client/src/status.ts',
    'server/src/contract/model-card.ts', 'server/src/contract/messages.ts', 'server/src/contract/messages.ts', 'server/src/contract/messages.ts', 'client/src/ctx.ts',
  ]);
  const fine = violations([
    edge('server/src/trm/model/config.ts', '../puzzles/types', 'server/src/puzzles/types.ts'),
    edge('server/src/features/hover.ts', '../trm/model/config', 'server/src/trm/model/config.ts'),
    edge('server/src/puzzles/sudoku/solve.ts', './parse', 'server/src/puzzles/sudoku/parse.ts'),
    edge('client/src/ctx.ts', '../../server/src/contract/messages', 'server/src/contract/messages.ts'),
    edge('server/src/contract/messages.ts', '../puzzles/types', 'server/src/puzzles/types.ts', true),
    edge('server/src/contract/messages.ts', 'vscode-languageserver-protocol', undefined),
    edge('server/src/contract/model-card.ts', 'node:fs', undefined),
  ]);
  assert.deepEqual(fine, []);
});
