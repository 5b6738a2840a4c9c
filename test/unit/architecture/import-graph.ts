// The import graph of client/src and server/src, read with the TypeScript compiler's own pre-processor, so every
// form counts: `import`, `import type`, `export … from`, `import()` and `require()`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** The importing file, relative to the repository root with `/` separators. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The imported file relative to the repository root, or undefined for a package (`node:fs`, `vscode-languageserver`). */
  to: string | undefined;
  /** 1-based line of the import in `from`. */
  line: number;
  /** True for `import type …` / `export type … from` (or where every name imported is `type`): erased from the build. */
  typeOnly: boolean;
}

/** The [start, end) ranges of the module specifiers of type-only imports and exports in a file. */
function typeOnlySpecifiers(fileName: string, text: string): Array<[number, number]> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const ranges: Array<[number, number]> = [];
  for (const statement of source.statements) {
    let typeOnly = false;
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      typeOnly = clause !== undefined && (clause.isTypeOnly ||
        (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      const clause = statement.exportClause;
      typeOnly = statement.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
    }
    if (typeOnly && specifier) ranges.push([specifier.getStart(source), specifier.getEnd()]);
  }
  return ranges;
}

const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts'];

function listSources(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listSources(path, out);
    else if (sourceExtensions.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// The tree uses extensionless specifiers (moduleResolution "Bundler"); a folder import means its index.ts.
function resolveRelative(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    ...sourceExtensions.map((e) => base + e),
    ...sourceExtensions.map((e) => base.replace(/\.[cm]?js$/, '') + e),
    ...sourceExtensions.map((e) => join(base, 'index' + e)),
  ];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  // Unresolvable relative imports are reported as the path they name, so a rule still sees where they point.
  return base;
}

const toPosix = (p: string): string => p.split(sep).join('/');

export function importEdges(repoRoot: string, roots: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const root of roots) {
    for (const file of listSources(join(repoRoot, root), [])) {
      const text = readFileSync(file, 'utf8');
      const info = ts.preProcessFile(text, true, true);
      const typeOnly = typeOnlySpecifiers(file, text);
      for (const ref of info.importedFiles) {
        const specifier = ref.fileName;
        const line = text.slice(0, ref.pos).split('\n').length;
        const isRelative = specifier.startsWith('.') || specifier.startsWith('/');
        edges.push({
          from: toPosix(relative(repoRoot, file)),
          specifier,
          to: isRelative ? toPosix(relative(repoRoot, resolveRelative(file, specifier))) : undefined,
          line,
          typeOnly: typeOnly.some(([start, end]) => ref.pos >= start && ref.pos < end),
        });
      }
    }
  }
  return edges;
}
