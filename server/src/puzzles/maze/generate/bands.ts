/**
 * Bands of mazes by how many routes they offer: the number of extra walls opened in a perfect maze, each
 * one a loop (carve.ts). With loops there are several routes from S to G; the generator keeps only mazes
 * whose shortest one is unique, as Maze-Hard's labels need. Band names are the loops range: "0", "1-3".
 */
export interface MazeLoopBand {
  name: string;
  loops: readonly [number, number];
}

export class MazeBandError extends Error {
  override name = 'MazeBandError';
}

/** Reads "3" or "1-3" as a loops range. */
export function parseLoopRange(text: string): readonly [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new MazeBandError(`cannot read "${text}" as a number of loops or a range like 1-3`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new MazeBandError(`loops range "${text}" runs backwards`);
  return [min, max];
}

/**
 * The default bands for a maze side: perfect, 1-3 loops, 4-8 loops (4-6 on 9x9, which has 9 walls to open:
 * with 7 or 8 open, a unique shortest path of 12 steps turns up in under 1 of 10 000 carvings). More loops on
 * a large maze rarely leave one shortest path of the default length (30x30 with ~20: none in 1000 tries).
 */
export function defaultMazeLoopBands(side: number): MazeLoopBand[] {
  const lattice = Math.floor((side - 1) / 2);
  // Inner walls between lattice cells minus the tree's edges: what can be opened at most.
  const openable = 2 * lattice * (lattice - 1) - (lattice * lattice - 1);
  const bands: MazeLoopBand[] = [{ name: '0', loops: [0, 0] }, { name: '1-3', loops: [1, Math.min(3, openable)] }];
  const many: [number, number] = [4, Math.min(8, openable - 3)];
  if (openable >= 4) bands.push({ name: `${many[0]}-${many[1]}`, loops: many });
  return bands;
}
