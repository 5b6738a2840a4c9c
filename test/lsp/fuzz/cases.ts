/**
 * Seeded random cases for fuzzing the language server: documents of every kind (sudoku, maze, ARC JSON,
 * plain JSON) well formed, broken or pure garbage, from a few bytes to 10 MB; edits of every kind
 * (incremental, whole-text, several at once, out of range); notifications whose fields are the wrong type;
 * and requests at random positions with params well formed or not. A case is plain data, so a failing one
 * can be printed and replayed from its seed and index.
 */

/** One message to the server. `text` and `params` are `unknown`: malformed ones are the point. */
export type FuzzAction =
  | { kind: 'open'; uri: string; languageId: string; version: number; text: unknown }
  | { kind: 'change'; uri: string; version: number; changes: unknown }
  | { kind: 'close'; uri: string }
  | { kind: 'notify'; method: string; params: unknown }
  | { kind: 'request'; method: string; params: unknown; wellFormed: boolean };

export interface FuzzCase {
  index: number;
  label: string;
  actions: FuzzAction[];
  /** The document whose diagnostics must arrive after the case, at this version (a stored document). */
  expectDiagnostics?: { uri: string; version: number };
  /** Sent after the case has been checked (closing what it opened). */
  cleanup?: FuzzAction[];
}

/** mulberry32: small, fast and good enough to spread cases; the same seed gives the same cases. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Kind = 'sudoku' | 'maze' | 'arc' | 'json';
const LANGUAGE: Record<Kind, string> = { sudoku: 'sudoku', maze: 'maze', arc: 'arc-task', json: 'json' };
const EXTENSION: Record<Kind, string> = { sudoku: '.sudoku', maze: '.maze', arc: '.arc.json', json: '.json' };

const MB = 1_000_000;
/** Characters that stress parsers: NUL, line ends of every kind, tabs, surrogate halves, emoji, box drawing. */
const NASTY = ['\0', '\r', '\n', '\r\n', '\t', '\ud800', '\udc00', '😀', '│', '═', '\u00a0', '\u2028', '\ufeff', '"', '\\', '{', '[', ']', '}', ','];

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.max(1, Math.ceil(length / unit.length))).slice(0, length);
}

function sudokuText(r: Random): string {
  const n = r.pick([4, 6, 9, 9, 9, 5, 16]);
  const rows: string[] = [];
  if (r.chance(0.3)) rows.push('# a comment', `# puzzle: ${'.'.repeat(n * n)}`);
  for (let i = 0; i < n + r.int(-1, 1); i++) {
    const cells: string[] = [];
    for (let j = 0; j < n + (r.chance(0.1) ? r.int(-2, 2) : 0); j++) cells.push(r.chance(0.5) ? '.' : String(r.int(0, 9)));
    if (r.chance(0.05)) cells.push(r.pick(NASTY));
    rows.push(cells.join(r.chance(0.5) ? ' ' : ''));
    if (r.chance(0.1)) rows.push('------+-------+------');
  }
  return rows.join(r.pick(['\n', '\r\n', '\r']));
}

function mazeText(r: Random, rows: number, cols: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    let line = '';
    for (let j = 0; j < cols; j++) line += i === 0 || j === 0 || i === rows - 1 || j === cols - 1 ? '#' : r.chance(0.3) ? '#' : r.chance(0.05) ? 'o' : ' ';
    lines.push(line);
  }
  const put = (ch: string) => {
    const i = r.int(0, rows - 1);
    const j = r.int(0, cols - 1);
    lines[i] = lines[i]!.slice(0, j) + ch + lines[i]!.slice(j + 1);
  };
  put('S');
  put('G');
  if (r.chance(0.2)) put(r.pick(['S', 'G', 'x', '\t', '1']));
  if (r.chance(0.1)) lines.splice(r.int(0, rows - 1), 0, '');
  return `${lines.join('\n')}\n`;
}

function arcGrid(r: Random, maxSide: number): number[][] {
  const rows = r.int(1, maxSide);
  const cols = r.int(1, maxSide);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r.int(0, 9)));
}

function arcText(r: Random): string {
  const side = r.chance(0.1) ? 40 : 12;
  const task = {
    train: Array.from({ length: r.int(0, 4) }, () => ({ input: arcGrid(r, side), output: arcGrid(r, side) })),
    test: Array.from({ length: r.int(0, 2) }, () => ({ input: arcGrid(r, side) })),
  };
  let text = JSON.stringify(task, null, r.chance(0.5) ? 2 : undefined);
  if (r.chance(0.3)) {
    // Break it: cut it short, splice in a stray character, or add a trailing comma.
    const at = r.int(0, text.length);
    text = r.pick([text.slice(0, at), text.slice(0, at) + r.pick(NASTY) + text.slice(at), text.replace(/\]/, '],')]);
  }
  return text;
}

function garbage(r: Random, length: number): string {
  let out = '';
  while (out.length < length) out += r.chance(0.3) ? r.pick(NASTY) : String.fromCharCode(r.int(0, 0xffff));
  return out.slice(0, length);
}

/** A document of `kind`: mostly small, now and then large, each shape of the failures seen before included. */
function documentText(r: Random, kind: Kind): string {
  const roll = r.next();
  if (roll < 0.06) {
    // Large: up to 10 MB of one repeated unit (the shapes that once made unbounded diagnostics) or garbage.
    const length = r.int(1, 10) * MB;
    return r.chance(0.8) ? repeatTo(r.pick(['1', '\0', '\n', '1\n', '[', '{"a":', '[1,', 'x ', '# \n', ' ']), length) : garbage(r, Math.min(length, 2 * MB));
  }
  if (roll < 0.1) {
    // A big well-formed maze, or one very tall or very wide, in any kind's clothing.
    const [rows, cols] = r.pick([[1000, 1000], [300_000, 3], [3, 300_000], [2000, 2000], [400, 400]] as const);
    return mazeText(r, rows, cols);
  }
  if (roll < 0.18) return garbage(r, r.int(0, 5000));
  switch (kind) {
    case 'sudoku':
      return sudokuText(r);
    case 'maze':
      return mazeText(r, r.int(3, 40), r.int(3, 40));
    case 'arc':
    case 'json':
      return r.chance(0.1) ? `${'['.repeat(r.int(50, 5000))}${']'.repeat(r.int(0, 50))}` : arcText(r);
  }
}

/** A value of the wrong type for a field that must be a string, a number or an object. */
function wrongValue(r: Random): unknown {
  return r.pick<unknown>([null, 42, -1, 1.5, true, {}, { evil: 1 }, [], ['a'], '', 'not-a-number', Number.MAX_SAFE_INTEGER]);
}

interface OpenDoc {
  uri: string;
  kind: Kind;
  version: number;
  /** Lines and the longest line, roughly: edits aim inside the document (and sometimes past its end). */
  lines: number;
  width: number;
}

function shape(text: string): { lines: number; width: number } {
  let lines = 1;
  let width = 0;
  let current = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines++;
      current = 0;
    } else if (++current > width) width = current;
  }
  return { lines, width };
}

/** The stream of cases: each knows the documents the earlier ones left open. */
export class FuzzCases {
  private readonly r: Random;
  private readonly open: OpenDoc[] = [];
  private count = 0;
  private serial = 0;

  constructor(readonly seed: number) {
    this.r = new Random(seed);
  }

  next(): FuzzCase {
    const index = this.count++;
    const r = this.r;
    // Keep few documents open, so memory reflects one document's cost rather than a pile of them.
    if (this.open.length > 4 || (this.open.length > 0 && r.chance(0.04))) return this.closeOne(index);
    const roll = r.next();
    if (roll < 0.35 || this.open.length === 0) return this.openOne(index);
    if (roll < 0.65) return this.edit(index);
    if (roll < 0.8) return this.request(index);
    return this.malformed(index);
  }

  private position(doc: OpenDoc | undefined): { line: number; character: number } {
    const r = this.r;
    if (!doc || r.chance(0.05)) return { line: r.int(0, 1_000_000), character: r.int(0, 1_000_000) };
    return { line: r.int(0, doc.lines), character: r.int(0, Math.min(doc.width + 2, 2000)) };
  }

  private openOne(index: number): FuzzCase {
    const r = this.r;
    const kind = r.pick<Kind>(['sudoku', 'maze', 'arc', 'json']);
    // Now and then the language id and the file name disagree, as they can in an editor.
    const extension = r.chance(0.1) ? r.pick(Object.values(EXTENSION)) : EXTENSION[kind];
    const uri = `file:///fuzz/${this.seed}/${this.serial++}${r.chance(0.05) ? '%E0%A4%A' : ''}${extension}`;
    const text = documentText(r, kind);
    const doc: OpenDoc = { uri, kind, version: 1, ...shape(text) };
    this.open.push(doc);
    return {
      index,
      label: `open ${kind} ${describeText(text)}`,
      actions: [{ kind: 'open', uri, languageId: LANGUAGE[kind], version: 1, text }],
      expectDiagnostics: { uri, version: 1 },
    };
  }

  private closeOne(index: number): FuzzCase {
    const doc = this.open.splice(this.r.int(0, this.open.length - 1), 1)[0]!;
    return { index, label: `close ${doc.kind}`, actions: [{ kind: 'close', uri: doc.uri }] };
  }

  private edit(index: number): FuzzCase {
    const r = this.r;
    const doc = r.pick(this.open);
    const changes: Array<{ range?: unknown; text: string }> = [];
    const n = r.chance(0.2) ? r.int(2, 20) : 1;
    let label = '';
    for (let i = 0; i < n; i++) {
      if (r.chance(0.1)) {
        const text = documentText(r, doc.kind);
        Object.assign(doc, shape(text));
        changes.push({ text });
        label = `replace with ${describeText(text)}`;
      } else {
        const a = this.position(doc);
        const b = r.chance(0.5) ? a : this.position(doc);
        const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
        const text = r.pick(['', '1', '.', '#', 'S', 'G', 'o', ' ', '\n', '\r\n', '[', ']', ',', '"', r.pick(NASTY), garbage(r, r.int(1, 50)), '1'.repeat(r.int(1, 2000))]);
        changes.push({ range: { start, end }, text });
        doc.lines += text.split('\n').length - 1;
        label = label || `edit ${n}x at ${start.line}:${start.character}`;
      }
    }
    doc.version += r.int(1, 3);
    return {
      index,
      label: `${doc.kind} ${label}`,
      actions: [{ kind: 'change', uri: doc.uri, version: doc.version, changes }],
      expectDiagnostics: { uri: doc.uri, version: doc.version },
    };
  }

  private request(index: number): FuzzCase {
    const r = this.r;
    const doc = r.pick(this.open);
    const textDocument = { uri: doc.uri };
    const position = this.position(doc);
    const range = { start: position, end: this.position(doc) };
    const which = r.pick(['hover', 'hover', 'hover', 'inlayHint', 'codeAction', 'formatting', 'solve', 'hint', 'recursion'] as const);
    const requests = {
      hover: { method: 'textDocument/hover', params: { textDocument, position } },
      inlayHint: { method: 'textDocument/inlayHint', params: { textDocument, range } },
      codeAction: { method: 'textDocument/codeAction', params: { textDocument, range, context: { diagnostics: [] } } },
      formatting: { method: 'textDocument/formatting', params: { textDocument, options: { tabSize: 2, insertSpaces: true } } },
      solve: { method: 'workspace/executeCommand', params: { command: 'trm.server.solve', arguments: [doc.uri] } },
      hint: { method: 'workspace/executeCommand', params: { command: 'trm.server.hint', arguments: [doc.uri, position] } },
      recursion: { method: 'workspace/executeCommand', params: { command: 'trm.server.recursion', arguments: [doc.uri] } },
    };
    const { method, params } = requests[which];
    return { index, label: `${which} on ${doc.kind} at ${position.line}:${position.character}`, actions: [{ kind: 'request', method, params, wellFormed: true }] };
  }

  /** A notification or request whose fields have the wrong types (F2 and the InvalidParams answers). */
  private malformed(index: number): FuzzCase {
    const r = this.r;
    const doc = r.pick(this.open);
    const bad = wrongValue(r);
    const variants: Array<[string, FuzzAction]> = [
      ['didOpen with a text that is not a string', { kind: 'open', uri: `file:///fuzz/${this.seed}/bad${this.serial++}.sudoku`, languageId: 'sudoku', version: 1, text: bad }],
      ['didChange with a text that is not a string', { kind: 'change', uri: doc.uri, version: doc.version + 1, changes: [{ text: bad }] }],
      ['didChange with a malformed range', { kind: 'change', uri: doc.uri, version: doc.version + 1, changes: [{ range: bad, text: 'x' }] }],
      ['didChange whose changes are not an array', { kind: 'change', uri: doc.uri, version: doc.version + 1, changes: bad }],
      ['didOpen whose params are not an object', { kind: 'notify', method: 'textDocument/didOpen', params: bad }],
      ['didChange without a version', { kind: 'notify', method: 'textDocument/didChange', params: { textDocument: { uri: doc.uri }, contentChanges: [{ text: '' }] } }],
      ['didClose of a uri that is not a string', { kind: 'notify', method: 'textDocument/didClose', params: { textDocument: { uri: bad } } }],
      ['hover with a malformed position', { kind: 'request', method: 'textDocument/hover', params: { textDocument: { uri: doc.uri }, position: bad }, wellFormed: false }],
      ['hover whose params are not an object', { kind: 'request', method: 'textDocument/hover', params: bad, wellFormed: false }],
      ['codeAction without a context', { kind: 'request', method: 'textDocument/codeAction', params: { textDocument: { uri: doc.uri }, range: bad }, wellFormed: false }],
      ['executeCommand with odd arguments', { kind: 'request', method: 'workspace/executeCommand', params: { command: 'trm.server.hint', arguments: [bad, bad] }, wellFormed: true }],
      ['codeAction/resolve of a forged action', { kind: 'request', method: 'codeAction/resolve', params: { title: 'x', data: bad }, wellFormed: true }],
      ['configuration change with odd settings', { kind: 'notify', method: 'workspace/didChangeConfiguration', params: { settings: { trm: bad } } }],
    ];
    const [label, action] = r.pick(variants);
    return { index, label: `${label} (${JSON.stringify(bad)})`, actions: [action] };
  }
}

export function describeText(text: string): string {
  const size = text.length >= MB ? `${(text.length / MB).toFixed(1)} MB` : text.length >= 1000 ? `${(text.length / 1000).toFixed(1)} kB` : `${text.length} B`;
  return `${size} ${JSON.stringify(text.slice(0, 12))}`;
}

/** The shapes of the failures reported in issue 10, run before the random cases so each is always tried. */
export function knownShapes(seed: number): FuzzCase[] {
  const uri = (name: string) => `file:///fuzz/${seed}/known-${name}`;
  const open = (name: string, languageId: string, text: unknown): FuzzAction => ({ kind: 'open', uri: uri(name), languageId, version: 1, text });
  const tall = `${Array.from({ length: 300_000 }, (_, i) => (i === 1 ? '#S#' : i === 299_998 ? '#G#' : i === 0 || i === 299_999 ? '###' : '# #')).join('\n')}\n`;
  const wide = `${'#'.repeat(1000)}\n#S${' '.repeat(996)}G#\n${`#${' '.repeat(998)}#\n`.repeat(997)}${'#'.repeat(1000)}\n`;
  const hover = (name: string, line: number, character: number): FuzzAction => ({
    kind: 'request',
    method: 'textDocument/hover',
    params: { textDocument: { uri: uri(name) }, position: { line, character } },
    wellFormed: true,
  });
  const cases: Array<[string, FuzzAction[], boolean]> = [
    ['2 MB .maze of the digit 1', [open('ones.maze', 'maze', '1'.repeat(2 * MB))], true],
    ['3 MB .maze of the digit 1 in lines', [open('ones-lines.maze', 'maze', `${'1'.repeat(999)}\n`.repeat(3000))], true],
    ['7.8 MB of NUL in a .sudoku', [open('nul.sudoku', 'sudoku', '\0'.repeat(7.8 * MB))], true],
    ['10 MB ARC task of one long row', [open('long.arc.json', 'arc-task', `{"train":[{"input":[[${'1,'.repeat(5 * MB - 20)}1]]}],"test":[]}`)], true],
    ['1000x1000 maze, hovered in the middle', [open('wide.maze', 'maze', wide), hover('wide.maze', 500, 500)], true],
    ['300,000-row maze, hovered in the middle', [open('tall.maze', 'maze', tall), hover('tall.maze', 150_000, 1)], true],
    ['1000x1000 maze of the digit 1 (a million bad characters, just within the size bound)', [open('ones-square.maze', 'maze', `${'1'.repeat(1000)}\n`.repeat(1000))], true],
    ['1000x1000 maze of S (a million extra starts)', [open('starts.maze', 'maze', `${'S'.repeat(1000)}\n`.repeat(1000))], true],
    ['1000x1000 maze of drawn path with S and G (a million path faults)', [open('path.maze', 'maze', `S${'o'.repeat(999)}\n${`${'o'.repeat(1000)}\n`.repeat(998)}${'o'.repeat(999)}G\n`), hover('path.maze', 400, 400)], true],
    ['a 100,000-character one-line sudoku of NUL (just within the size bound)', [open('nul-line.sudoku', 'sudoku', '\0'.repeat(99_999))], true],
    ['1 MB ARC task of syntax errors (just within the size bound)', [open('syntax.arc.json', 'arc-task', `{"train": [${'x '.repeat(499_980)}], "test": []}`)], true],
    ['1 MB ARC task of rows that are not lists', [open('rows.arc.json', 'arc-task', `{"train": [{"input": [${'1,'.repeat(499_970)}1], "output": [[1]]}], "test": []}`)], true],
    ['didOpen text null', [open('null.sudoku', 'sudoku', null)], false],
    ['didOpen text 42', [open('number.sudoku', 'sudoku', 42)], false],
    ['didOpen text an object', [open('object.maze', 'maze', { text: 'x' })], false],
  ];
  return cases.map(([label, actions, stored], index): FuzzCase => {
    const opened = (actions[0] as { uri: string }).uri;
    return {
      index: index - cases.length,
      label,
      actions,
      ...(stored ? { expectDiagnostics: { uri: opened, version: 1 } } : {}),
      cleanup: [{ kind: 'close', uri: opened }],
    };
  });
}
