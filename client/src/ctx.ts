/**
 * Owns the language client's lifetime and the few pieces of UI the client keeps itself (output channel,
 * status bar, recursion preview documents, commands). Everything about puzzles happens in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { PuzzleContext } from './puzzle-context';
import { RECURSION_SCHEME, RecursionDocuments } from './recursion-view';
import { StatusNotification, type InitializationOptions } from '../../server/src/contract/messages';
import { StatusBar } from './status';
import { TASK_TYPE, TrainTaskProvider, watchTrainingTasks } from './training';

export const DOCUMENT_SELECTOR = [
  { language: 'sudoku' },
  { language: 'maze' },
  { language: 'arc-task' },
  // Plain JSON is served too: the server answers only for files shaped like an ARC task.
  { language: 'json', pattern: '**/*.json' },
];

export class Ctx {
  readonly output: vscode.LogOutputChannel;
  readonly status: StatusBar;
  readonly recursion = new RecursionDocuments();
  readonly puzzleContext: PuzzleContext;
  client: LanguageClient | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('TRM Puzzles', { log: true });
    this.status = new StatusBar();
    this.puzzleContext = new PuzzleContext(this);
    extension.subscriptions.push(
      this.output,
      this.status,
      this.puzzleContext,
      vscode.workspace.registerTextDocumentContentProvider(RECURSION_SCHEME, this.recursion),
      vscode.tasks.registerTaskProvider(TASK_TYPE, new TrainTaskProvider(this)),
      watchTrainingTasks(this),
    );
  }

  async start(): Promise<void> {
    const serverModule = this.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      synchronize: { configurationSection: 'trm' },
      // Rows learned by "TRM: Learn This Task" are cached per task in the extension's global storage.
      initializationOptions: { adaptCacheDir: vscode.Uri.joinPath(this.extension.globalStorageUri, 'adapted').fsPath } satisfies InitializationOptions,
    };
    this.client = new LanguageClient('trmPuzzles', 'TRM Puzzles', serverOptions, clientOptions);
    registerCommands(this);
    this.extension.subscriptions.push(this.client.onNotification(StatusNotification, (status) => this.status.update(status)));
    // The puzzle languages' commands show at once; a .json file's once the server has said it is an ARC task.
    void this.puzzleContext.refresh();
    await this.client.start();
    await this.puzzleContext.refresh();
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    this.client = undefined;
  }
}
