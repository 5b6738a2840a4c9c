/** The code-action kind of "learn this task" and its attempts (server-side only: clients filter by it). */
import { CodeActionKind } from 'vscode-languageserver';

export const LEARN_TASK_KIND = `${CodeActionKind.RefactorRewrite}.trm.learn`;
