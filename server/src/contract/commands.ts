/**
 * The server's commands (`workspace/executeCommand`): each id with its arguments and its result. The client
 * calls them through `executeCommandParams`, the server routes them with a handler per id (server.ts), so a
 * command added here fails to compile until the server handles it.
 *
 * To add one: an entry in SERVER_COMMANDS and in ServerCommands (its arguments and result), a handler in
 * server.ts's `commandHandlers`, and on the client a call with `executeCommandParams(SERVER_COMMANDS.x, ...)`.
 */

export const SERVER_COMMANDS = {
  solve: 'trm.server.solve',
  hint: 'trm.server.hint',
  recursion: 'trm.server.recursion',
  learnTask: 'trm.server.learnTask',
} as const;

export type ServerCommandId = (typeof SERVER_COMMANDS)[keyof typeof SERVER_COMMANDS];

/** A zero-based position in a document, as LSP sends it. */
export interface CommandPosition {
  line: number;
  character: number;
}

/** What an editing command did, in words for a notification. */
export interface CommandResult {
  applied: boolean;
  message: string;
}

/** The recursion steps as markdown, or why there are none. */
export interface RecursionResult {
  markdown?: string;
  message: string;
}

/** Options of "learn this task": the step budget, and whether to learn again over a cached row. */
export interface LearnTaskOptions {
  steps?: number;
  force?: boolean;
}

/** Whether the task was learned (or found in the cache), in words for a notification. */
export interface LearnTaskResult {
  learned: boolean;
  message: string;
}

export interface ServerCommands {
  [SERVER_COMMANDS.solve]: { arguments: [uri: string]; result: CommandResult };
  [SERVER_COMMANDS.hint]: { arguments: [uri: string, position?: CommandPosition]; result: CommandResult };
  [SERVER_COMMANDS.recursion]: { arguments: [uri: string]; result: RecursionResult };
  [SERVER_COMMANDS.learnTask]: { arguments: [uri: string, options?: LearnTaskOptions]; result: LearnTaskResult };
}

export type CommandArguments<K extends ServerCommandId> = ServerCommands[K]['arguments'];
export type CommandResultOf<K extends ServerCommandId> = ServerCommands[K]['result'];

/** The `workspace/executeCommand` params of a call, typed by the command. */
export function executeCommandParams<K extends ServerCommandId>(command: K, ...args: CommandArguments<K>): { command: K; arguments: CommandArguments<K> } {
  return { command, arguments: args };
}

export function isServerCommand(id: string): id is ServerCommandId {
  return (Object.values(SERVER_COMMANDS) as string[]).includes(id);
}
