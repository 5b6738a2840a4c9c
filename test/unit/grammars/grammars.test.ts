/** The TextMate grammars, loaded and run by vscode-textmate with the Oniguruma engine VS Code uses. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const ROOT = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: { language: string; scopeName: string; path: string }[] };
};

let registry: Registry;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) => {
      const entry = manifest.contributes.grammars.find((g) => g.scopeName === scopeName);
      if (!entry) return null;
      const path = join(ROOT, entry.path);
      return parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
});

/** Scopes of each token of each line, as `text=innermost.scope`. */
async function tokens(scopeName: string, text: string): Promise<string[][]> {
  const grammar = (await registry.loadGrammar(scopeName)) as IGrammar;
  assert.ok(grammar, `grammar ${scopeName} did not load`);
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens
      .map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scope: t.scopes[t.scopes.length - 1]! }))
      .filter((t) => t.text.trim() !== '')
      .map((t) => `${t.text.trim()}=${t.scope}`);
  });
}

describe('TextMate grammars', () => {
  it('every grammar the manifest contributes loads', async () => {
    for (const g of manifest.contributes.grammars) assert.ok(await registry.loadGrammar(g.scopeName), g.scopeName);
  });

  it('sudoku: digits, blanks, separators, comments, the original-puzzle line and invalid characters', async () => {
    const lines = await tokens('source.sudoku', '# puzzle: .2..\n# note\n1 . | x\n----+----');
    assert.ok(lines[0]!.includes('puzzle:=keyword.other.original-puzzle.sudoku'));
    assert.deepEqual(lines[1], ['# note=comment.line.number-sign.sudoku']);
    assert.deepEqual(lines[2], [
      '1=constant.language.digit.sudoku',
      '.=comment.blank.sudoku',
      '|=punctuation.separator.box.sudoku',
      'x=invalid.illegal.character.sudoku',
    ]);
    assert.deepEqual(lines[3], ['----+----=punctuation.separator.rule.sudoku']);
    const boxed = await tokens('source.sudoku', '├───┼───┤\n│ 1 ║ . │');
    assert.deepEqual(boxed[0], ['├───┼───┤=punctuation.separator.rule.sudoku']);
    assert.deepEqual(boxed[1], [
      '│=punctuation.separator.box.sudoku',
      '1=constant.language.digit.sudoku',
      '║=punctuation.separator.box.sudoku',
      '.=comment.blank.sudoku',
      '│=punctuation.separator.box.sudoku',
    ]);
  });

  it('maze: walls, start, goal, path and invalid characters', async () => {
    const [line] = await tokens('source.maze', '#So G?');
    assert.deepEqual(line, [
      '#=keyword.other.wall.maze',
      'S=entity.name.function.start.maze',
      'o=string.other.path.maze',
      'G=entity.name.tag.goal.maze',
      '?=invalid.illegal.character.maze',
    ]);
  });

  it('ARC task: field names, colour digits and other numbers', async () => {
    const [line] = await tokens('source.arc-task', '{"train": [{"input": [[0, 12]]}]}');
    assert.ok(line!.includes('train=keyword.other.arc-field.arc-task'), line!.join(' '));
    assert.ok(line!.includes('0=constant.numeric.colour.arc-task'), line!.join(' '));
    assert.ok(line!.includes('12=constant.numeric.json.arc-task'), line!.join(' '));
  });
});
