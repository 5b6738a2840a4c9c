// The step graph's trainOnly: only the named parameters move (the rest are read, never updated, and have no
// optimiser state), and a name that is no trainable parameter is refused. Test-time adaptation relies on it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../server/src/puzzles/common/random';
import { TrainingSession } from '../../../server/src/trm/train/session';
import { smallConfig } from '../trm-fixtures';

it('trains only the puzzle-embedding table when asked, leaving every other parameter bit for bit', async () => {
  const config = smallConfig({ puzzleEmbLen: 1, puzzleEmbNdim: smallConfig().hiddenSize, numPuzzleIdentifiers: 3 });
  const B = 2;
  const session = await TrainingSession.create(config, { batchSize: B, trainOnly: ['puzzle_emb.weights'], device: 'cpu', seed: 3 });
  try {
    const before = session.weights();
    const rng = new Rng(5, 'train-only');
    const n = B * config.seqLen;
    let carry = session.initialCarry();
    for (let k = 0; k < 3; k++) {
      const batch = {
        inputs: Int32Array.from({ length: n }, () => 1 + rng.int(config.vocabSize - 1)),
        labels: Int32Array.from({ length: n }, () => 1 + rng.int(config.vocabSize - 1)),
        puzzleIds: Int32Array.of(1, 2),
      };
      carry = (await session.step(batch, carry, 0.05)).carry;
    }
    const after = session.weights();
    for (const [name, value] of before) {
      if (name === 'puzzle_emb.weights') assert.notDeepEqual(after.get(name), value, 'the table moved');
      else assert.deepEqual(after.get(name), value, `${name} unchanged`);
    }
    assert.deepEqual([...session.state().adamM.keys()], ['puzzle_emb.weights'], 'moments only for the trained parameter');
  } finally {
    await session.release();
  }
  await assert.rejects(TrainingSession.create(config, { batchSize: B, trainOnly: ['no.such.weight'], device: 'cpu' }), /trainOnly names no trainable parameter of this config: no\.such\.weight/);
});
