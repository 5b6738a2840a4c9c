/**
 * The names "learn this task" adds to the client-server contract, in one place so they can move into the
 * shared contract (issue 15). The client repeats the command names (client/src imports nothing from here).
 */
import { CodeActionKind } from 'vscode-languageserver';

export const LEARN_TASK = {
  /** workspace/executeCommand: [uri, { steps?, force? }] → LearnTaskResult. */
  serverCommand: 'trm.server.learnTask',
  /** The client command "TRM: Learn This Task". */
  clientCommand: 'trm.learnTask',
  codeActionKind: `${CodeActionKind.RefactorRewrite}.trm.learn`,
  /** initializationOptions field: the folder for cached rows (the extension's global storage). */
  cacheDirOption: 'adaptCacheDir',
} as const;

export interface LearnTaskResult {
  learned: boolean;
  message: string;
}
