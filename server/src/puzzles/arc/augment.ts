/**
 * ARC augmentations the training pipeline needs, as pure functions: colour permutations (with their
 * inverse) alongside the 8 dihedral transforms (shared with mazes, in common/grid.ts).
 */

/**
 * Maps every colour c of a colour grid (values 0..9) to perm[c]. `perm` must be a permutation of 0..9;
 * the reference augmentation keeps 0 (black) fixed, which is the caller's choice.
 */
export function permuteColours(grid: readonly (readonly number[])[], perm: readonly number[]): number[][] {
  assertPermutation(perm);
  return grid.map((row) =>
    row.map((c) => {
      const mapped = perm[c];
      if (mapped === undefined) throw new RangeError(`colour ${c} is outside 0..${perm.length - 1}`);
      return mapped;
    }),
  );
}

/** The permutation that undoes `perm`. */
export function inversePermutation(perm: readonly number[]): number[] {
  assertPermutation(perm);
  const inverse = new Array<number>(perm.length);
  perm.forEach((to, from) => {
    inverse[to] = from;
  });
  return inverse;
}

function assertPermutation(perm: readonly number[]): void {
  const seen = new Set(perm);
  if (perm.length !== 10 || seen.size !== 10 || perm.some((c) => !Number.isInteger(c) || c < 0 || c > 9)) {
    throw new RangeError(`a colour permutation lists each of 0..9 once; got [${perm.join(', ')}]`);
  }
}
