/**
 * Rewrites fields of a model card in place (atomically), keeping every other field as written: how
 * `trm eval --bands --write-card` and scripts/remeasure-cards.ts record figures measured after training.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export function writeCardFields(cardPath: string, fields: Record<string, unknown>): void {
  const card = JSON.parse(readFileSync(cardPath, 'utf8')) as Record<string, unknown>;
  const temp = `${cardPath}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ ...card, ...fields }, null, 2)}\n`);
  renameSync(temp, cardPath);
}
