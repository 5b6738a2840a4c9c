/**
 * The real model worker, which also ends its thread (as an out-of-memory abort would) when asked to solve
 * with a model whose path ends in `die.onnx`, and hangs for good (as a stuck native call would) when asked
 * to load one whose path ends in `hang.onnx`: for the tests of a worker that dies or hangs and comes back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WORKER = join(__dirname, '../../dist/trm-worker.js');

export function writeMortalWorker(dir: string): string {
  const script = join(dir, 'mortal-worker.js');
  writeFileSync(
    script,
    `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (messages) => {
  if (messages.some((m) => m.type === 'solve' && m.path.endsWith('die.onnx'))) process.exit(3);
  if (messages.some((m) => m.type === 'load' && m.path.endsWith('hang.onnx'))) for (;;);
});
require(${JSON.stringify(WORKER)});
`,
  );
  return script;
}
