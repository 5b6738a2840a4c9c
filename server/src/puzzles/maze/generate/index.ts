/**
 * Generated mazes: carving (perfect mazes, then loops), S and G placed for a long shortest path, route
 * counting, and the bands by number of loops. Pure and seeded (an Rng is passed in); the training datasets
 * in trm/data draw from here.
 */
export { carveMaze, MIN_MAZE_SIDE, type CarvedMaze, type MazeAlgorithm } from './carve';
export { countShortestPaths, cycleRank, defaultMinPathLength, generateMaze, MazeGenerationError, type Maze, type MazeGenerationOptions } from './generate';
export { countMazeRoutes, type MazeRoutes, type RouteCountOptions } from './routes';
export { defaultMazeLoopBands, MazeBandError, parseLoopRange, type MazeLoopBand } from './bands';
