/**
 * One line of prose for a model card's `data` field, built from a DatasetDescription so the words and the
 * JSON never disagree.
 */
import type { DatasetDescription } from './types';

export function datasetSummary(d: DatasetDescription): string {
  const augmentation = d.augmentation.length > 0 ? `augmented on the fly by ${d.augmentation.join(', ')}` : 'no augmentation';
  return (
    `${d.name}: ${d.train.items} training items (${d.train.source}), ${augmentation}; ` +
    `${d.eval.examples} held-out examples (${d.eval.source}); seed ${d.seed}`
  );
}
