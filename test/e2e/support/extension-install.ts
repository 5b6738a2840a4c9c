/**
 * Installs the packaged extension into a profile's extensions folder the way a person does:
 * `code-server --install-extension trm-puzzles-linux-x64-<version>.vsix`. The suite tests that artifact, not
 * the repo's build folder, so a file the .vsix lacks (a grammar, onnxruntime-node's native binary) fails here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY, PROJECT_ROOT, vsixPath } from './paths';

/** The extension's id (publisher.name), as VS Code records it. */
function extensionId(): string {
  const { publisher, name } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${publisher}.${name}`.toLowerCase();
}

interface InstalledExtension {
  identifier: { id: string };
  relativeLocation?: string;
  location?: { fsPath?: string };
}

/** Where code-server put the extension, from the extensions folder's own index (extensions.json). */
function installedFolder(extensionsDir: string, id: string): string | undefined {
  const index = join(extensionsDir, 'extensions.json');
  if (!existsSync(index)) return undefined;
  const entries = JSON.parse(readFileSync(index, 'utf8')) as InstalledExtension[];
  const entry = entries.find((e) => e.identifier.id.toLowerCase() === id);
  if (!entry) return undefined;
  return entry.relativeLocation ? join(extensionsDir, entry.relativeLocation) : entry.location?.fsPath;
}

/**
 * Runs code-server's installer (it installs and exits; no server starts) and returns the installed folder.
 * `env` keeps code-server's config writes inside the profile.
 */
export function installVsix(extensionsDir: string, userDataDir: string, env: NodeJS.ProcessEnv): string {
  const vsix = vsixPath();
  if (!existsSync(vsix)) {
    throw new Error(`${vsix} is missing: run \`npm run package\` (scripts/e2e/run.mjs does it before the suite)`);
  }
  const result = spawnSync(
    process.execPath,
    [CODE_SERVER_ENTRY, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const id = extensionId();
  const folder = installedFolder(extensionsDir, id);
  if (result.status !== 0 || !folder || !existsSync(join(folder, 'package.json'))) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status ?? result.signal}): ${output}`);
  }
  // onnxruntime-node loads this with require() when a model first runs: say so now rather than in a hover.
  const binding = join(folder, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', process.platform, process.arch, 'onnxruntime_binding.node');
  if (!existsSync(binding)) throw new Error(`the installed extension has no onnxruntime binary for ${process.platform}-${process.arch}: ${binding}`);
  return folder;
}
