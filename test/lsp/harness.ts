/**
 * A minimal LSP client for tests: starts the bundled server (dist/server.js) as a separate process and talks
 * to it over the real protocol (stdio by default). It answers the server's own requests the way an editor
 * would (configuration, applyEdit, message requests) and records what it was asked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  LogMessageNotification,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type Diagnostic,
  type MessageActionItem,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type ShowMessageRequestParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const SERVER_JS = resolve(__dirname, '../../dist/server.js');

export interface HarnessOptions {
  capabilities?: ClientCapabilities;
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  /** Answer to give window/showMessageRequest: the title of the action to pick, or undefined to dismiss. */
  pickAction?: (params: ShowMessageRequestParams) => string | undefined;
  applyEdits?: boolean;
  env?: NodeJS.ProcessEnv;
}

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceEdit: { documentChanges: true }, applyEdit: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source'] } },
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
    inlayHint: {},
    formatting: {},
  },
  window: { showMessage: { messageActionItem: { additionalPropertiesSupport: false } } },
};

export class LspHarness {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly messageRequests: ShowMessageRequestParams[] = [];
  readonly stderr: string[] = [];
  /** window/logMessage texts (the server's log), in order. */
  readonly logs: string[] = [];
  /** `trm/status` notifications, in order. */
  readonly statuses: Array<{ kind: string; state: string; text: string; detail: string }> = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<() => void> = [];
  settings: Record<string, unknown>;

  private constructor(options: HarnessOptions) {
    this.settings = options.settings ?? {};
    this.process = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.wake();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
      this.wake();
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.wake();
    });
    this.connection.onNotification('trm/status', (params: LspHarness['statuses'][number]) => {
      this.statuses.push(params);
      this.wake();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'trm' ? this.settings : null)));
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.appliedEdits.push(params);
      this.wake();
      return { applied: options.applyEdits ?? true };
    });
    this.connection.onRequest(ShowMessageRequest.type, (params): MessageActionItem | null => {
      this.messageRequests.push(params);
      this.wake();
      const title = options.pickAction?.(params);
      return title ? { title } : null;
    });
    this.connection.listen();
  }

  static async start(options: HarnessOptions = {}): Promise<LspHarness> {
    const harness = new LspHarness(options);
    await harness.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      initializationOptions: options.initializationOptions ?? null,
      workspaceFolders: null,
    });
    await harness.connection.sendNotification(InitializedNotification.type, {});
    return harness;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `predicate` holds, re-checked after every message from the server; rejects after `ms`. */
  async waitFor<T>(what: string, predicate: () => T | undefined, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = predicate();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr.join('')}`);
      await new Promise<void>((resolveWait) => {
        const timer = setTimeout(resolveWait, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolveWait();
        });
      });
    }
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The diagnostics published for `uri` at `version` (waits for them, `ms` at most). */
  diagnosticsFor(uri: string, version: number, ms?: number): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri} v${version}`, () => {
      const p = this.diagnostics.get(uri);
      return p && p.version === version ? p.diagnostics : undefined;
    }, ms);
  }

  /** Forgets what was published for `uri`, so a reopened document's diagnostics are waited for afresh. */
  forgetDiagnostics(uri: string): void {
    this.diagnostics.delete(uri);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone; the kill below covers it.
    }
    const exited = new Promise<void>((r) => this.process.once('exit', () => r()));
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    if (this.process.exitCode === null) await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
