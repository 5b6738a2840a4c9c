// Types of scripts/package.mjs for the TypeScript that imports it (test/packaging).
export interface Target {
  /** onnxruntime-node's folder for it under bin/napi-v6: <platform>/<arch>. */
  dir: string;
  /** The native files of that folder the .vsix ships. */
  native: string[];
}
export const TARGETS: Record<string, Target>;
export const HOST_TARGET: string;
export const VSIX_DIR: string;
export const SIZE_GOAL_BYTES: number;
export function vsixPath(target?: string): string;
export function vsixStaleReason(file?: string): string | undefined;
export function uncoveredNativeDirs(): string[];
export function checkVsix(names: string[], target?: string): string[];
export function packageExtension(options?: { target?: string; list?: boolean; quiet?: boolean; baseUrl?: string }): number;
export function packageTargets(targets?: string[], options?: { list?: boolean; quiet?: boolean; baseUrl?: string }): number;
export function inlinePictures(markdown: string, baseDir?: string): string;
