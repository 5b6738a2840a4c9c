import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mazeLanguage as maze } from '../../../server/src/puzzles';
import { applyEdits, r, repoFile } from './helpers';

const TWO_ROUTES = `#########
#S      #
# ##### #
#      G#
#########
`;
const ROOM = `#######
#S    #
#     #
#    G#
#######
`;

/** A serpentine: one corridor that runs through every open cell. */
function serpentine(corridors: number, width: number): string {
  const rows = ['#'.repeat(width + 2)];
  for (let i = 0; i < corridors; i++) {
    let corridor = ' '.repeat(width);
    if (i === 0) corridor = 'S' + corridor.slice(1);
    if (i === corridors - 1) corridor = i % 2 === 0 ? corridor.slice(0, -1) + 'G' : 'G' + corridor.slice(1);
    rows.push(`#${corridor}#`);
    if (i < corridors - 1) rows.push(i % 2 === 0 ? `#${'#'.repeat(width - 1)} #` : `# ${'#'.repeat(width - 1)}#`);
  }
  rows.push('#'.repeat(width + 2));
  return rows.join('\n') + '\n';
}

function tokens(text: string): number[][] {
  return text.trimEnd().split('\n').map((row) => [...row].map((ch) => '# SGo'.indexOf(ch === '.' ? ' ' : ch) + 1));
}

function problemsOf(text: string): [string, string, ReturnType<typeof r>][] {
  return maze.diagnose(maze.parse(text)).map((p) => [p.code, p.severity, p.range]);
}

describe('maze parser', () => {
  it('reads the grid with exact ranges, ignoring blank lines around it', () => {
    const doc = maze.parse(`\n\n${TWO_ROUTES}\n`);
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.rows, 5);
    assert.equal(doc.cols, 9);
    assert.equal(doc.firstLine, 2);
    assert.deepEqual(doc.starts, [{ row: 1, col: 1 }]);
    assert.deepEqual(doc.goals, [{ row: 3, col: 7 }]);
    assert.deepEqual(doc.gridRange, r(2, 0, 9, 6));
    assert.deepEqual(maze.answerCellRange(doc, 0, 3, 7), r(5, 7, 8));
  });

  it("reads '.' as open and CRLF line endings", () => {
    const doc = maze.parse(TWO_ROUTES.replace(/ /g, '.').replace(/\n/g, '\r\n'));
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.openChar, '.');
    assert.deepEqual(maze.instances(doc)[0]!.input, tokens(TWO_ROUTES));
  });
});

describe('maze diagnostics', () => {
  it('accepts a solvable maze with no path drawn, and one with a shortest path drawn', () => {
    assert.deepEqual(problemsOf(TWO_ROUTES), []);
    assert.deepEqual(problemsOf(TWO_ROUTES.replace('#S      #', '#Soooooo#').replace('# ##### #', '# #####o#')), []);
  });

  it('reports invalid characters on the character', () => {
    const problems = maze.diagnose(maze.parse(TWO_ROUTES.replace('#S      #', '#S  x \t #')));
    assert.deepEqual(problems.map((p) => [p.code, p.range]), [
      ['maze/invalid-character', r(1, 4, 5)],
      ['maze/invalid-character', r(1, 6, 7)],
    ]);
    assert.match(problems[1]!.message, /a tab is not a cell/);
  });

  it('reports a short row with how many cells are missing, and a long one', () => {
    const problems = maze.diagnose(maze.parse(TWO_ROUTES.replace('#      G#', '#      G')));
    assert.deepEqual(problems.map((p) => [p.code, p.range]), [['maze/ragged-row', r(3, 0, 8)]]);
    assert.match(problems[0]!.message, /Row 4 is 1 cell short of the maze's width of 9/);
    const long = maze.diagnose(maze.parse(TWO_ROUTES.replace('# ##### #', '# ##### ###')));
    assert.match(long[0]!.message, /Row 3 is 2 cells wider than the maze's width of 9/);
  });

  it('reports an empty line inside the maze, and an empty document', () => {
    assert.deepEqual(problemsOf(TWO_ROUTES.replace('# ##### #\n', '# ##### #\n\n')), [['maze/blank-line', 'error', r(3, 0, 0)]]);
    assert.deepEqual(problemsOf(' \n\n'), [['maze/empty', 'error', r(0, 0, 0)]]);
  });

  it('reports a missing start or goal on the grid', () => {
    assert.deepEqual(problemsOf(TWO_ROUTES.replace('S', ' ')), [['maze/missing-start', 'error', r(0, 0, 9, 4)]]);
    assert.deepEqual(problemsOf(TWO_ROUTES.replace('G', ' ')), [['maze/missing-goal', 'error', r(0, 0, 9, 4)]]);
  });

  it('reports each extra start or goal, related to the first', () => {
    const problems = maze.diagnose(maze.parse(TWO_ROUTES.replace('#      G#', '#S  G  G#')));
    assert.deepEqual(problems, [
      {
        range: r(3, 1, 2),
        severity: 'error',
        code: 'maze/extra-start',
        message: "A maze has one start; this 'S' is extra (the first is at row 2, column 2).",
        related: [{ range: r(1, 1, 2), message: "the first 'S'" }],
      },
      {
        range: r(3, 7, 8),
        severity: 'error',
        code: 'maze/extra-goal',
        message: "A maze has one goal; this 'G' is extra (the first is at row 4, column 5).",
        related: [{ range: r(3, 4, 5), message: "the first 'G'" }],
      },
    ]);
  });

  it('reports an unreachable goal on G', () => {
    assert.deepEqual(problemsOf(TWO_ROUTES.replace('#      G#', '#     #G#').replace('#S      #', '#S     ##')), [['maze/unreachable-goal', 'error', r(3, 7, 8)]]);
  });

  it('reports a stray path cell, and a path that neither starts at S nor reaches G', () => {
    const problems = maze.diagnose(maze.parse(TWO_ROUTES.replace('#      G#', '#  o   G#')));
    assert.deepEqual(problems.map((p) => [p.code, p.range, p.message]), [
      ['maze/path-not-connected', r(3, 3, 4), 'Path cell not connected: it touches no other path cell, S or G.'],
      ['maze/path-not-at-start', r(1, 1, 2), 'The drawn path does not start at S.'],
      ['maze/path-not-at-goal', r(3, 7, 8), 'The drawn path does not reach the goal.'],
    ]);
  });

  it('reports where a path from S stops', () => {
    const problems = maze.diagnose(maze.parse(TWO_ROUTES.replace('#S      #', '#Soo    #')));
    assert.deepEqual(problems.map((p) => [p.code, p.range, p.message]), [
      ['maze/path-broken', r(1, 3, 4), 'The path from S stops here: it does not reach the goal.'],
      ['maze/path-not-at-goal', r(3, 7, 8), 'The drawn path does not reach the goal.'],
    ]);
  });

  it('reports a branch on the cell where it branches', () => {
    const text = ROOM.replace('#S    #', '#Soooo#').replace('#     #\n#    G#', '#  o o#\n#    G#');
    const problems = maze.diagnose(maze.parse(text));
    assert.deepEqual(problems.map((p) => [p.code, p.range]), [
      ['maze/path-branches', r(1, 3, 4)],
      ['maze/path-broken', r(2, 3, 4)],
    ]);
    assert.match(problems[0]!.message, /The path branches here \(3 path neighbours/);
  });

  it('reports a closed loop apart from the path', () => {
    const text = '##########\n#SooooooG#\n#        #\n#   oo   #\n#   oo   #\n##########\n';
    assert.deepEqual(problemsOf(text), [['maze/path-not-connected', 'error', r(3, 4, 5)]]);
  });

  it('warns when the drawn path is longer than the shortest, giving both lengths', () => {
    const text = repoFile('examples/broken/long-path.maze');
    const problems = maze.diagnose(maze.parse(text));
    assert.deepEqual(problems, [
      {
        range: r(1, 2, 7, 5),
        severity: 'warning',
        code: 'maze/path-not-shortest',
        message: 'The drawn path takes 22 steps; the shortest path takes 10.',
      },
    ]);
  });
});

describe('maze solver and verification', () => {
  it('solves a serpentine that uses every open cell', () => {
    const text = serpentine(5, 9);
    const doc = maze.parse(text);
    const solved = maze.exactSolve(doc, 0);
    assert.equal(solved.status, 'unique');
    if (solved.status !== 'unique') return;
    const open = text.split('').filter((ch) => ch === ' ').length;
    assert.equal(solved.answer.flat().filter((t) => t === 5).length, open);
    assert.deepEqual(maze.verify(doc, 0, solved.answer), { status: 'correct' });
  });

  it('says none for an unreachable goal, and explains a doc without one start', () => {
    assert.deepEqual(maze.exactSolve(maze.parse(repoFile('examples/broken/unreachable.maze')), 0), { status: 'none', reason: 'The goal cannot be reached from the start.' });
    assert.equal(maze.exactSolve(maze.parse(repoFile('examples/broken/two-starts.maze')), 0).status, 'none');
  });

  it('accepts any shortest path, not only the one the solver returns', () => {
    const doc = maze.parse(ROOM);
    const paths = [
      ['#Soooo#', '#    o#', '#    G#'],
      ['#S    #', '#ooooo#', '#    G#'],
      ['#S    #', '#o    #', '#ooooG#'],
      ['#Soo  #', '#  ooo#', '#    G#'],
    ];
    for (const [a, b, c] of paths) {
      const answer = tokens(`#######\n${a}\n${b}\n${c}\n#######\n`);
      assert.deepEqual(maze.verify(doc, 0, answer), { status: 'correct' }, `${a} ${b} ${c}`);
    }
  });

  it('rejects a longer path, naming where the detour begins', () => {
    const doc = maze.parse(repoFile('examples/broken/long-path.maze'));
    const answer = tokens(repoFile('examples/broken/long-path.maze'));
    const result = maze.verify(doc, 0, answer);
    assert.equal(result.status, 'wrong');
    if (result.status !== 'wrong') return;
    assert.equal(result.summary, 'The path takes 22 steps; the shortest takes 10.');
    assert.deepEqual(result.wrongCells[0], {
      row: 3,
      col: 6,
      actual: 5,
      reason: 'the path reaches this cell in 9 steps; it is 7 steps from the start',
    });
  });

  it('rejects answers that change walls, move S or break the path', () => {
    const doc = maze.parse(TWO_ROUTES);
    const throughWall = tokens(TWO_ROUTES);
    throughWall[2]![2] = 5;
    const result = maze.verify(doc, 0, throughWall);
    assert.equal(result.status, 'wrong');
    if (result.status === 'wrong') assert.deepEqual(result.wrongCells.map((w) => [w.row, w.col, w.reason]), [[2, 2, 'the path goes through a wall']]);
    const broken = maze.verify(doc, 0, tokens(TWO_ROUTES.replace('#S      #', '#Soo    #')));
    assert.equal(broken.status, 'wrong');
    const none = maze.verify(doc, 0, tokens(TWO_ROUTES));
    assert.equal(none.status === 'wrong' && none.summary, 'No path is drawn.');
    assert.equal(maze.verify(doc, 0, [[1]]).status, 'wrong');
  });

  it('solves a 60x60 maze and writes a path that diagnoses clean', () => {
    const text = repoFile('test/fixtures/maze/60x60.maze');
    const doc = maze.parse(text);
    assert.equal(doc.rows, 60);
    assert.equal(doc.cols, 60);
    assert.deepEqual(maze.diagnose(doc), []);
    const solved = maze.exactSolve(doc, 0);
    if (solved.status !== 'unique') throw new Error('expected a solution');
    assert.deepEqual(maze.verify(doc, 0, solved.answer), { status: 'correct' });
    const after = maze.parse(applyEdits(text, maze.writeAnswer(doc, 0, solved.answer)));
    assert.deepEqual(maze.diagnose(after), []);
    assert.equal(after.pathCount, solved.answer.flat().filter((t) => t === 5).length);
    const steps = maze.describe(after, { line: after.starts[0]!.row, character: after.starts[0]!.col })!.facts;
    assert.deepEqual(steps.slice(2), [`shortest path: ${after.pathCount + 1} steps`, `drawn path: ${after.pathCount + 1} steps`]);
  });
});

describe('maze edits', () => {
  it('redraws a path in place, turning the old one back to open cells', () => {
    const text = repoFile('examples/broken/long-path.maze');
    const doc = maze.parse(text);
    const solved = maze.exactSolve(doc, 0);
    if (solved.status !== 'unique') throw new Error('expected a solution');
    const edits = maze.writeAnswer(doc, 0, solved.answer);
    assert.ok(edits.every((e) => e.range.start.line === e.range.end.line));
    const out = applyEdits(text, edits);
    assert.deepEqual(maze.diagnose(maze.parse(out)), []);
    assert.equal(out.split('\n').length, text.split('\n').length);
    assert.ok(out.split('\n').every((line, i) => line.length === text.split('\n')[i]!.length));
  });

  it("writes open cells back with the file's own open character", () => {
    const text = TWO_ROUTES.replace(/ /g, '.').replace('#S......#', '#Soooooo#').replace('#.#####.#', '#.#####o#');
    const doc = maze.parse(text);
    const answer = tokens('#########\n#S      #\n#o##### #\n#ooooooG#\n#########\n');
    const out = applyEdits(text, maze.writeAnswer(doc, 0, answer));
    assert.equal(out, '#########\n#S......#\n#o#####.#\n#ooooooG#\n#########\n');
  });

  it('writes and clears one cell, never a wall', () => {
    const doc = maze.parse(TWO_ROUTES);
    assert.deepEqual(maze.writeCell(doc, 0, 1, 2, 5), [{ range: r(1, 2, 3), newText: 'o' }]);
    assert.deepEqual(maze.writeCell(doc, 0, 0, 0, 5), []);
    assert.deepEqual(maze.writeCell(doc, 0, 1, 1, 5), []);
    const drawn = maze.parse(TWO_ROUTES.replace('#S      #', '#So     #'));
    assert.deepEqual(maze.writeCell(drawn, 0, 1, 2, 2), [{ range: r(1, 2, 3), newText: ' ' }]);
  });

  it("formats with spaces for open cells, keeping trailing spaces", () => {
    const text = '\n###.\n#S.G\n\n';
    assert.equal(maze.format(maze.parse(text)), '### \n#S G\n');
    assert.equal(maze.format(maze.parse('#S\n#')), undefined);
  });
});

describe('maze hovers', () => {
  const doc = maze.parse(TWO_ROUTES);

  it('gives the shortest path length on S and G and the distance on open cells', () => {
    const onStart = maze.describe(doc, { line: 1, character: 1 });
    assert.equal(onStart?.title, '5x9 maze');
    assert.deepEqual(onStart?.facts, ['row 2, column 2', 'start (S)', 'shortest path: 8 steps']);
    assert.deepEqual(onStart?.grid?.highlight, { row: 1, col: 1 });
    assert.deepEqual(maze.describe(doc, { line: 3, character: 4 })?.facts, ['row 4, column 5', 'open', '5 steps from the start']);
    assert.deepEqual(maze.describe(doc, { line: 0, character: 0 })?.facts, ['row 1, column 1', 'wall']);
    assert.equal(maze.describe(doc, { line: 7, character: 0 }), undefined);
  });

  it('finds the cell under the cursor, or the last cell for a cursor at the end of a row', () => {
    assert.deepEqual(maze.cellAt(doc, { line: 1, character: 3 }), { instance: 0, row: 1, col: 3 });
    assert.deepEqual(maze.cellAt(doc, { line: 1, character: 9 }), { instance: 0, row: 1, col: 8 });
    assert.equal(maze.cellAt(doc, { line: 1, character: 10 }), undefined);
  });
});

describe('maze model encoding', () => {
  it('places the maze without its path at the top-left of the canvas, walls around it', () => {
    const doc = maze.parse(TWO_ROUTES.replace('#S      #', '#Soooooo#'));
    const [instance] = maze.instances(doc);
    assert.deepEqual(instance!.input, tokens(TWO_ROUTES));
    assert.deepEqual(instance!.current, tokens(TWO_ROUTES.replace('#S      #', '#Soooooo#')));
    const seq = maze.toModelInput(instance!, { rows: 30, cols: 30 });
    if (!(seq instanceof Int32Array)) throw new Error(seq.error);
    assert.equal(seq.length, 900);
    assert.deepEqual(Array.from(seq.subarray(30, 40)), [1, 3, 2, 2, 2, 2, 2, 2, 1, 1]);
    assert.ok(seq.subarray(5 * 30).every((t) => t === 1));
    const back = maze.fromModelOutput(instance!, { rows: 30, cols: 30 }, seq);
    assert.deepEqual(back, instance!.input);
  });

  it('refuses a maze larger than the canvas', () => {
    const [instance] = maze.instances(maze.parse(repoFile('test/fixtures/maze/60x60.maze')));
    const result = maze.toModelInput(instance!, { rows: 30, cols: 30 });
    assert.deepEqual(result, { error: "This 60x60 maze is larger than the model's 30x30 canvas." });
  });

  it('draws tokens as the reference characters', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 0].map((t) => maze.tokenText(t)), ['#', ' ', 'S', 'G', 'o', '?']);
  });
});
