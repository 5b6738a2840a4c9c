/**
 * The TRM Puzzles language server: LSP wiring only. Capabilities are declared once here and every request
 * is routed to a feature module. Runs over stdio, node-ipc or a socket (`--stdio`, `--node-ipc`,
 * `--socket=N`), so any LSP client can use it, not only VS Code.
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type ColorPresentationParams,
  type DocumentColorParams,
  type DocumentFormattingParams,
  type ExecuteCommandParams,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type InlayHintParams,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { ClientAbilities, ServerContext } from './context';
import { PuzzleDocuments } from './documents/puzzle-documents';
import { arcColourPresentations, arcDocumentColours } from './features/arc-colours';
import { ARC_EDIT_KIND } from './features/arc-edit-actions';
import { HINT_KIND, listCodeActions, resolveCodeAction, SOLVE_KIND } from './features/code-actions';
import { SERVER_COMMANDS, isServerCommand, type CommandResultOf, type ServerCommandId } from './contract/commands';
import { PuzzleKindRequest, type InitializationOptions, type PuzzleKindParams, type PuzzleKindResult } from './contract/messages';
import { hintCommand, recursionCommand, solveCommand } from './features/commands';
import { toDiagnostic } from './features/diagnostics';
import { problemsOf } from './solving/exact-answers';
import { formatPuzzle } from './features/formatting';
import { hoverWithRecursion } from './features/hover';
import { inlayHints } from './features/inlay-hints';
import { learnTaskCommand } from './features/learn-task';
import { LEARN_TASK_KIND } from './features/learn-task-names';
import { LearnedTasks } from './solving/learned-tasks';
import { ModelAnswers } from './solving/model-answers';
import { sendStatus, sendWorkerStatus } from './features/status';
import { releaseUnusedModels } from './features/unused-models';
import { capProblems } from './puzzles/common/limits';
import { answerOptionsFor, SettingsStore } from './settings';
import { buildModelStack } from './solving/model-stack';
import { REQUEST_CHECKS, WireGuard } from './wire';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const abilities: ClientAbilities = {
  versionedEdits: false,
  resolveCodeActionEdits: false,
  messageActions: false,
  inlayHints: false,
  inlayHintRefresh: false,
};
const log = (message: string) => connection.console.log(message);
const wire = new WireGuard((message) => connection.console.warn(message));

let workspaceRoot: string | undefined;
const { worker, registry, solver, dispose: disposeModels } = buildModelStack({ workspaceRoot: () => workspaceRoot, log });
const ctx: ServerContext = {
  connection,
  documents,
  puzzles: new PuzzleDocuments(),
  settings: new SettingsStore(connection),
  abilities,
  answers: new ModelAnswers(
    solver,
    async (uri, kind) => answerOptionsFor(await ctx.settings.get(uri), kind),
    (kind, outcomes) => sendStatus(ctx, kind, outcomes),
  ),
  learned: new LearnedTasks(worker, solver, registry),
};

registry.onDidChange((event) => {
  ctx.answers.invalidateAll();
  ctx.learned.forgetAll();
  solver.rescanShipped();
  if (event.error) void connection.window.showErrorMessage(`TRM: ${event.error}`);
  if (abilities.inlayHintRefresh) void connection.languages.inlayHint.refresh();
});

// A dead worker is restarted by the client: say so, and drop answers that failed because it died.
worker.onDidChangeWorker((event) => {
  sendWorkerStatus(ctx, event);
  if (event.type === 'restarted') {
    ctx.answers.invalidateAll();
    if (abilities.inlayHintRefresh) void connection.languages.inlayHint.refresh();
  }
});

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  abilities.versionedEdits = caps.workspace?.workspaceEdit?.documentChanges === true;
  abilities.resolveCodeActionEdits = caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
  abilities.messageActions = caps.window?.showMessage?.messageActionItem !== undefined;
  abilities.inlayHints = caps.textDocument?.inlayHint !== undefined;
  abilities.inlayHintRefresh = caps.workspace?.inlayHint?.refreshSupport === true;
  const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  if (root?.startsWith('file:')) workspaceRoot = fileURLToPath(root);
  // Any client may send anything here: each field is checked before use.
  const init = params.initializationOptions as { [K in keyof InitializationOptions]?: unknown } | undefined;
  const cacheDir = init?.adaptCacheDir;
  if (typeof cacheDir === 'string' && cacheDir) ctx.learned.cacheDir = cacheDir;
  ctx.settings.configure({ pullSupported: caps.workspace?.configuration === true, initializationSettings: init?.settings });

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [HINT_KIND, SOLVE_KIND, ARC_EDIT_KIND, LEARN_TASK_KIND], resolveProvider: true },
      documentFormattingProvider: true,
      inlayHintProvider: true,
      colorProvider: true,
      executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
    },
    serverInfo: { name: 'trm-puzzles', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Dynamic registration keeps configuration-change notifications coming for the `trm` section.
  void connection.client.register(DidChangeConfigurationNotification.type, { section: 'trm' }).catch(() => undefined);
  // Read once now, so a value that cannot be used is reported when the editor starts, not at the first hover.
  void ctx.settings.get();
});

connection.onDidChangeConfiguration((change) => {
  ctx.settings.changed(change.settings);
  void ctx.settings.get();
  releaseUnusedModels(ctx, solver).catch((e: Error) => log(`unloading unused models failed: ${e.message}`));
  for (const document of documents.all()) scheduleValidation(document.uri);
});

// Validation is coalesced per document: a burst of keystrokes queues one diagnosis of the latest version.
const pendingValidation = new Set<string>();
function scheduleValidation(uri: string): void {
  if (pendingValidation.has(uri)) return;
  pendingValidation.add(uri);
  setImmediate(() => {
    pendingValidation.delete(uri);
    validate(uri);
  });
}

function validate(uri: string): void {
  const document = documents.get(uri);
  if (!document) return;
  try {
    const puzzle = ctx.puzzles.get(document);
    // Capped: one diagnostic per bad character of a large file would be a message of hundreds of megabytes.
    const problems = puzzle ? capProblems(problemsOf(puzzle)) : [];
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: problems.map((p) => toDiagnostic(uri, p)) });
  } catch (e) {
    // This runs outside any request: an exception here would end the server, and every open document with it.
    connection.console.error(`diagnosing ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

documents.onDidChangeContent((change) => scheduleValidation(change.document.uri));
documents.onDidClose((event) => {
  ctx.puzzles.forget(event.document.uri);
  ctx.answers.forget(event.document.uri);
  ctx.settings.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onHover(wire.request('textDocument/hover', REQUEST_CHECKS.hover, async (params: HoverParams) => {
  const document = documents.get(params.textDocument.uri);
  const puzzle = document && ctx.puzzles.get(document);
  return puzzle ? hoverWithRecursion(ctx, puzzle, params.position) : null;
}));

connection.languages.inlayHint.on(wire.request('textDocument/inlayHint', REQUEST_CHECKS.inlayHint, async (params: InlayHintParams) => {
  const document = documents.get(params.textDocument.uri);
  const puzzle = document && ctx.puzzles.get(document);
  return puzzle ? inlayHints(ctx, puzzle, params.range) : [];
}));

connection.onCodeAction(wire.request('textDocument/codeAction', REQUEST_CHECKS.codeAction, async (params: CodeActionParams) => {
  const document = documents.get(params.textDocument.uri);
  const puzzle = document && ctx.puzzles.get(document);
  if (!puzzle) return [];
  const settings = await ctx.settings.get(puzzle.uri);
  return listCodeActions(ctx, puzzle, params.range, params.context.only, settings.hints.codeAction);
}));

connection.onCodeActionResolve(wire.request('codeAction/resolve', REQUEST_CHECKS.codeActionResolve, (action: CodeAction) => resolveCodeAction(ctx, action)));

connection.onDocumentColor(wire.request('textDocument/documentColor', REQUEST_CHECKS.documentColor, (params: DocumentColorParams) => {
  const document = documents.get(params.textDocument.uri);
  const puzzle = document && ctx.puzzles.get(document);
  return puzzle ? arcDocumentColours(puzzle) : [];
}));

connection.onColorPresentation(wire.request('textDocument/colorPresentation', REQUEST_CHECKS.colorPresentation, (params: ColorPresentationParams) => {
  const document = documents.get(params.textDocument.uri);
  const puzzle = document && ctx.puzzles.get(document);
  return puzzle ? arcColourPresentations(puzzle, params.color, params.range) : [];
}));

connection.onDocumentFormatting(wire.request('textDocument/formatting', REQUEST_CHECKS.formatting, (params: DocumentFormattingParams) => {
  const document = documents.get(params.textDocument.uri);
  const puzzle = document && ctx.puzzles.get(document);
  return document && puzzle ? formatPuzzle(document, puzzle) : [];
}));

// One handler per command of the contract (contract/commands.ts): a command added there fails to compile here
// until it is handled. Arguments arrive unchecked from any client; each handler checks the ones it reads.
type CommandHandler<K extends ServerCommandId> = (args: unknown[], token: CancellationToken, workDone: WorkDoneProgressReporter | undefined) => Promise<CommandResultOf<K>>;
const commandHandlers: { [K in ServerCommandId]: CommandHandler<K> } = {
  [SERVER_COMMANDS.solve]: ([uri]) => solveCommand(ctx, uri),
  [SERVER_COMMANDS.hint]: ([uri, position]) => hintCommand(ctx, uri, position),
  [SERVER_COMMANDS.recursion]: ([uri]) => recursionCommand(ctx, uri),
  [SERVER_COMMANDS.learnTask]: ([uri, options], token, workDone) =>
    learnTaskCommand(ctx, uri, options, { token, ...(clientGaveProgressToken(workDone) ? { workDone } : {}) }),
};

connection.onExecuteCommand(wire.request('workspace/executeCommand', REQUEST_CHECKS.executeCommand, async (params: ExecuteCommandParams, token: CancellationToken, workDone: WorkDoneProgressReporter) => {
  if (!isServerCommand(params.command)) return { applied: false, message: `Unknown command ${params.command}` };
  return commandHandlers[params.command](params.arguments ?? [], token, workDone);
}));

/**
 * Whether the request came with a workDoneToken: vscode-languageserver takes it out of the params before the
 * handler runs and hands over a reporter for it, or a no-op one without it (which alone has no token).
 */
function clientGaveProgressToken(workDone: WorkDoneProgressReporter | undefined): boolean {
  return (workDone as { _token?: unknown } | undefined)?._token !== undefined;
}

// Which puzzle a document is, for the client's `trm.puzzleKind` context key (the `when` clauses of the commands
// in package.json): only the server knows whether a plain .json document is shaped like an ARC task.
connection.onRequest(PuzzleKindRequest, wire.request(PuzzleKindRequest.method, REQUEST_CHECKS.puzzleKind, (params: PuzzleKindParams): PuzzleKindResult => {
  const document = documents.get(params.uri);
  return { kind: (document && ctx.puzzles.get(document)?.kind) ?? null };
}));

connection.onShutdown(async () => {
  wire.markShutDown();
  await disposeModels();
});

wire.listenDocuments(documents, connection);
connection.listen();
