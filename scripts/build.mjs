// Bundles the extension client, the language server, the model worker and the CLI into dist/ with esbuild.
// onnxruntime-node stays external: it loads native binaries relative to its own package folder.
import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['onnxruntime-node'],
  // jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot follow; use its ESM build.
  mainFields: ['module', 'main'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode', 'onnxruntime-node'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/trm/runtime/worker.ts'], outfile: 'dist/trm-worker.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  // A production bundle has no source maps: drop a development build's, which would describe other code.
  if (production) for (const e of entries) rmSync(`${e.outfile}.map`, { force: true });
}
