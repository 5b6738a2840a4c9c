/**
 * Seeded shuffles and permutations on top of the shared Rng, so every data module draws them the same way.
 */
import type { Rng } from './random';

/** Fisher-Yates, in place; returns the array. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

/** A uniformly random permutation of 0..n-1. */
export function randomPermutation(n: number, rng: Rng): number[] {
  return shuffleInPlace(Array.from({ length: n }, (_, i) => i), rng);
}

/** True when `perm` lists each of 0..n-1 exactly once. */
export function isPermutation(perm: readonly number[], n = perm.length): boolean {
  if (perm.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const p of perm) {
    if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) return false;
    seen[p] = 1;
  }
  return true;
}

/** Uniform integer in [min, max], both ends included. */
export function intBetween(min: number, max: number, rng: Rng): number {
  return min + rng.int(max - min + 1);
}
