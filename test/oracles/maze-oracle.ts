/**
 * The independent maze oracle: it reads a maze as text rows ('#' wall, 'S' start, 'G' goal, anything else
 * open) and imports nothing from the product. It answers by brute force rather than by the product's
 * methods: distances by a breadth-first search from each end, shortest paths counted exactly (BigInt) by
 * walking back from G over the cells whose two distances add up to the S-G distance, every simple S-G route
 * enumerated outright (small mazes only), and the loops of the open cells as edges - cells + parts, the
 * parts found by flood fill.
 */

export interface OracleMaze {
  rows: number;
  cols: number;
  open: boolean[];
  start: number;
  goal: number;
}

export function oracleReadMaze(lines: readonly string[]): OracleMaze {
  const rows = lines.length;
  const cols = lines[0]!.length;
  const open: boolean[] = [];
  let start = -1;
  let goal = -1;
  lines.forEach((line, r) => {
    if (line.length !== cols) throw new Error('ragged maze');
    for (let c = 0; c < cols; c++) {
      const ch = line[c]!;
      open.push(ch !== '#');
      if (ch === 'S') start = r * cols + c;
      if (ch === 'G') goal = r * cols + c;
    }
  });
  if (start < 0 || goal < 0) throw new Error('the maze lacks S or G');
  return { rows, cols, open, start, goal };
}

function oracleNeighbours(m: OracleMaze, i: number): number[] {
  const r = Math.floor(i / m.cols);
  const c = i % m.cols;
  const out: number[] = [];
  for (const [dr, dc] of [[-1, 0], [1, 0], [0, -1], [0, 1]] as const) {
    const rr = r + dr;
    const cc = c + dc;
    if (rr >= 0 && rr < m.rows && cc >= 0 && cc < m.cols && m.open[rr * m.cols + cc]) out.push(rr * m.cols + cc);
  }
  return out;
}

export function oracleDistances(m: OracleMaze, from: number): number[] {
  const dist = new Array<number>(m.rows * m.cols).fill(-1);
  dist[from] = 0;
  let frontier = [from];
  for (let d = 1; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const i of frontier) {
      for (const n of oracleNeighbours(m, i)) {
        if (dist[n] === -1) {
          dist[n] = d;
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

/** S-G distance (-1 when G cannot be reached) and the exact number of shortest paths. */
export function oracleShortestPaths(m: OracleMaze): { length: number; count: bigint } {
  const fromS = oracleDistances(m, m.start);
  const fromG = oracleDistances(m, m.goal);
  const length = fromS[m.goal]!;
  if (length < 0) return { length, count: 0n };
  // ways(i): shortest paths from i to G, for i on some shortest S-G path; memoised by recursion towards G.
  const memo = new Map<number, bigint>();
  const ways = (i: number): bigint => {
    if (i === m.goal) return 1n;
    const known = memo.get(i);
    if (known !== undefined) return known;
    let total = 0n;
    for (const n of oracleNeighbours(m, i)) if (fromG[n] === fromG[i]! - 1 && fromS[n] === fromS[i]! + 1) total += ways(n);
    memo.set(i, total);
    return total;
  };
  return { length, count: ways(m.start) };
}

/** Every simple S-G path, counted without a cap (keep to small mazes with few loops). */
export function oracleSimpleRoutes(m: OracleMaze): number {
  const used = new Array<boolean>(m.rows * m.cols).fill(false);
  let count = 0;
  const go = (i: number): void => {
    if (i === m.goal) {
      count++;
      return;
    }
    used[i] = true;
    for (const n of oracleNeighbours(m, i)) if (!used[n]) go(n);
    used[i] = false;
  };
  go(m.start);
  return count;
}

/** Independent cycles of the open cells: links - cells + connected parts. */
export function oracleLoops(m: OracleMaze): number {
  let cells = 0;
  let links = 0;
  for (let i = 0; i < m.open.length; i++) {
    if (!m.open[i]) continue;
    cells++;
    links += oracleNeighbours(m, i).length;
  }
  links /= 2;
  const seen = new Array<boolean>(m.open.length).fill(false);
  let parts = 0;
  for (let i = 0; i < m.open.length; i++) {
    if (!m.open[i] || seen[i]) continue;
    parts++;
    const stack = [i];
    seen[i] = true;
    while (stack.length > 0) {
      for (const n of oracleNeighbours(m, stack.pop()!)) {
        if (!seen[n]) {
          seen[n] = true;
          stack.push(n);
        }
      }
    }
  }
  return links - cells + parts;
}
