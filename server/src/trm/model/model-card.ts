/**
 * Writing a model card and checking it fits its model. The card itself — its fields, the path rule and the
 * one reader — is the client–server contract's (contract/model-card.ts): the extension reads cards too.
 */
import { CARD_FORMAT, ModelCardError, type ModelCard } from '../../contract/model-card';
import type { TrmConfig } from './config';
import { parameterCount } from './parameters';

/** What a caller supplies when saving; the rest follows from the config (and the clock). */
export type ModelCardInput = Omit<ModelCard, 'format' | 'parameterCount' | 'created'> & { created?: string };

export function completeCard(input: ModelCardInput, config: TrmConfig): ModelCard {
  const card: ModelCard = {
    format: CARD_FORMAT,
    ...input,
    parameterCount: parameterCount(config),
    created: input.created ?? new Date().toISOString(),
  };
  const problems = cardFitProblems(card, config);
  if (problems.length) throw new ModelCardError(`the model card does not fit the model: ${problems.join('; ')}`);
  return card;
}

/**
 * How a card's claims about the model it sits next to disagree with the model's config (which only the .onnx
 * file holds): the board must have one cell per position, the vocabulary one name per token.
 */
export function cardFitProblems(card: ModelCard, config: TrmConfig): string[] {
  const p: string[] = [];
  if (card.canvas.rows * card.canvas.cols !== config.seqLen) {
    p.push(`canvas ${card.canvas.rows}x${card.canvas.cols} does not have seqLen ${config.seqLen} cells`);
  }
  if (card.vocabulary.length !== config.vocabSize) {
    p.push(`vocabulary lists ${card.vocabulary.length} tokens, the model has ${config.vocabSize}`);
  }
  if (card.parameterCount !== parameterCount(config)) {
    p.push(`parameterCount ${card.parameterCount} differs from the model's ${parameterCount(config)}`);
  }
  return p;
}
