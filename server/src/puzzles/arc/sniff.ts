/**
 * Whether a plain `.json` document is an ARC task: its top-level value is an object with both `train` and
 * `test` keys. Scans tokens and stops as soon as it knows, so large unrelated JSON files cost little.
 */
import { createScanner } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is an ambient const enum, which isolated modules cannot read; its values:
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COLON = 6;
const STRING = 10;
const EOF = 17;

export function looksLikeArcTask(text: string): boolean {
  const scanner = createScanner(text, true);
  if (scanner.scan() !== OPEN_BRACE) return false;
  let depth = 1;
  let train = false;
  let test = false;
  let pendingKey: string | undefined;
  for (let token = scanner.scan(); token !== EOF && depth > 0; token = scanner.scan()) {
    if (depth === 1 && token === STRING) {
      pendingKey = scanner.getTokenValue();
      continue;
    }
    if (depth === 1 && token === COLON && pendingKey !== undefined) {
      if (pendingKey === 'train') train = true;
      else if (pendingKey === 'test') test = true;
      if (train && test) return true;
    }
    pendingKey = undefined;
    if (token === OPEN_BRACE || token === OPEN_BRACKET) depth++;
    else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) depth--;
  }
  return false;
}
