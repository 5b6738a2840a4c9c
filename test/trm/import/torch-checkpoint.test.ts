/**
 * The checkpoint reader against tensors torch itself wrote (zip and legacy formats), with torch's own
 * float32 conversion as the oracle (bit patterns, so -0, infinities and NaN count); the restricted pickle
 * reader against hostile pickles made by Python, whose command must never run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { PickleRefusedError, unpickle } from '../../../server/src/trm/import/pickle';
import { halfToFloatBits, readTorchCheckpoint, TorchCheckpointError } from '../../../server/src/trm/import/torch-checkpoint';
import { importReferenceCheckpoint } from '../../../server/src/trm/import/import-checkpoint';
import { FIXTURE } from './fixture';

const expected = JSON.parse(readFileSync(join(FIXTURE, 'dtypes-expected.json'), 'utf8')) as Record<string, unknown>;

function bits(a: Float32Array): number[] {
  return Array.from(new Int32Array(a.buffer, a.byteOffset, a.length));
}

for (const file of ['dtypes.pt', 'dtypes-legacy.pt']) {
  describe(`reading ${file} (written by torch.save)`, () => {
    const checkpoint = readTorchCheckpoint(readFileSync(join(FIXTURE, file)), file);
    it('is read in the format it was written in, with every tensor', () => {
      assert.equal(checkpoint.format, file.includes('legacy') ? 'legacy' : 'zip');
      assert.deepEqual([...checkpoint.tensors.keys()], ['f32', 'bf16', 'f16', 'f64', 'base', 'transposed', 'rows_2_to_5', 'int64', 'int32', 'bool', 'scalar']);
    });
    for (const name of ['f32', 'bf16', 'f16', 'f64', 'base', 'transposed', 'rows_2_to_5', 'scalar']) {
      it(`${name} converts to float32 bit for bit as torch's .float() does`, () => {
        const t = checkpoint.tensors.get(name)!;
        assert.deepEqual(t.shape, expected[`${name}.shape`]);
        assert.deepEqual(bits(t.floats()), expected[name]);
      });
    }
    it('reads integer and bool tensors, int64 beyond 2^53 included', () => {
      assert.deepEqual(checkpoint.tensors.get('int64')!.integers().map(String), expected['int64']);
      assert.deepEqual(checkpoint.tensors.get('int32')!.integers().map(Number), expected['int32']);
      assert.deepEqual(checkpoint.tensors.get('bool')!.integers().map((v) => v === 1n), expected['bool']);
    });
    it('refuses to read an integer tensor as weights', () => {
      assert.throws(() => checkpoint.tensors.get('int64')!.floats(), /int64 tensor where floating-point weights are expected/);
    });
  });
}

describe('float16 -> float32', () => {
  it('is exact for all 65536 half values (checked against the value the bits stand for)', () => {
    const out = new Float32Array(1);
    const outBits = new Uint32Array(out.buffer);
    for (let h = 0; h < 65536; h++) {
      outBits[0] = halfToFloatBits(h);
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const mant = h & 0x3ff;
      // The IEEE 754 binary16 definition, in float64 arithmetic (exact for every half value).
      const value = exp === 0 ? sign * mant * 2 ** -24 : exp === 31 ? (mant ? NaN : sign * Infinity) : sign * (1 + mant / 1024) * 2 ** (exp - 15);
      if (Number.isNaN(value)) assert.ok(Number.isNaN(out[0]!), `half 0x${h.toString(16)}`);
      else assert.ok(Object.is(out[0], value), `half 0x${h.toString(16)}: got ${out[0]}, want ${value}`);
    }
  });
});

describe('hostile pickles', () => {
  for (const file of ['malicious.pt', 'malicious-protocol4.pkl']) {
    it(`${file} (a __reduce__ that runs os.system): refused, naming the global`, async () => {
      await assert.rejects(
        importReferenceCheckpoint({ checkpoint: join(FIXTURE, file), out: tmpdir(), name: 'never-written' }),
        /refusing to load: the pickle asks for the Python global posix\.system/,
      );
    });
  }

  /** Protocol 2 bytes of `GLOBAL module name`, args, REDUCE, STOP. */
  const reduceOf = (module: string, name: string): Uint8Array =>
    Uint8Array.from([0x80, 2, 0x63, ...Buffer.from(`${module}\n${name}\n`), 0x29, 0x52, 0x2e]);
  for (const [module, name] of [['builtins', 'eval'], ['os', 'system'], ['subprocess', 'Popen'], ['torch', 'load'], ['torch._utils', '_rebuild_device_tensor_from_numpy']]) {
    it(`${module}.${name} is refused before anything is called`, () => {
      assert.throws(
        () => unpickle(reduceOf(module!, name!), { source: 'x', globals: new Map() }),
        (e: unknown) => e instanceof PickleRefusedError && e.global === `${module}.${name}`,
      );
    });
  }
  it('object construction opcodes are refused', () => {
    // GLOBAL collections.OrderedDict (allowed), EMPTY_TUPLE, NEWOBJ: still refused (a state_dict has no NEWOBJ).
    const ordered = { kind: 'global' as const, qualifiedName: 'collections.OrderedDict', call: () => new Map() };
    const bytes = Uint8Array.from([0x80, 2, 0x63, ...Buffer.from('collections\nOrderedDict\n'), 0x29, 0x81, 0x2e]);
    assert.throws(() => unpickle(bytes, { source: 'x', globals: new Map([['collections.OrderedDict', ordered]]) }), PickleRefusedError);
  });
  it('truncated and malformed pickles are errors, not crashes', () => {
    const good = readFileSync(join(FIXTURE, 'malicious-protocol4.pkl'));
    for (let n = 0; n < good.length; n += 3) {
      assert.throws(() => unpickle(good.subarray(0, n), { source: 'x', globals: new Map() }), /not a valid pickle|refusing/);
    }
    assert.throws(() => unpickle(Uint8Array.from([0x80, 2, 0xff]), { source: 'x', globals: new Map() }), /opcode 0xff/);
  });
});

describe('files that are not torch checkpoints', () => {
  it('are refused with a reason', () => {
    assert.throws(() => readTorchCheckpoint(new TextEncoder().encode('hello world'), 'a.txt'), TorchCheckpointError);
    assert.throws(() => readTorchCheckpoint(zipSync({ 'x/readme.txt': new Uint8Array(3) }), 'a.zip'), /not one torch.save wrote/);
    const pt = readFileSync(join(FIXTURE, 'dtypes.pt'));
    assert.throws(() => readTorchCheckpoint(pt.subarray(0, pt.length - 200), 'cut.pt'), TorchCheckpointError);
  });
  it('a storage missing from the zip is named', async () => {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(readFileSync(join(FIXTURE, 'dtypes.pt')));
    delete files['dtypes/data/0'];
    assert.throws(() => readTorchCheckpoint(zipSync(files, { level: 0 }), 'x.pt'), /storage 0 is missing/);
  });
  it('a checkpoint of something other than the TRM is refused by the importer', async () => {
    await assert.rejects(
      importReferenceCheckpoint({ checkpoint: join(FIXTURE, 'dtypes.pt'), out: tmpdir(), name: 'never-written' }),
      /no embed_tokens\.embedding_weight/,
    );
  });
});

describe('corrupted checkpoints', () => {
  it('a mutated data.pkl gives a checkpoint or a clear error, never a crash (300 seeded mutations)', async () => {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(readFileSync(join(FIXTURE, 'sudoku4-attention', 'step_3')));
    const pkl = files['step_3/data.pkl']!;
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const outcomes = { read: 0, refused: 0 };
    for (let trial = 0; trial < 300; trial++) {
      const bad = pkl.slice();
      for (let k = 0; k <= rand(3); k++) bad[rand(bad.length)] = rand(256);
      const bytes = zipSync({ ...files, 'step_3/data.pkl': bad }, { level: 0 });
      try {
        const c = readTorchCheckpoint(bytes, 'mutated');
        for (const t of c.tensors.values()) if (['float32', 'bfloat16', 'float16', 'float64'].includes(t.dtype)) t.floats();
        outcomes.read++;
      } catch (e) {
        assert.ok(e instanceof Error && ['TorchCheckpointError', 'PickleError', 'PickleRefusedError'].includes(e.name), `trial ${trial}: ${String(e)}`);
        outcomes.refused++;
      }
    }
    assert.ok(outcomes.refused > 0 && outcomes.read + outcomes.refused === 300);
  });
});
