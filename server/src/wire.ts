/**
 * Checks on what comes off the wire, before any feature sees it. JSON-RPC delivers whatever a client sent,
 * so a `didOpen` whose text is null or a hover whose position is a string reaches the server as such: a
 * document notification that is not well formed is dropped (and logged), never stored, and a request with
 * malformed params is answered InvalidParams (-32602). After `shutdown`, requests are refused with
 * InvalidRequest (-32600) and document notifications ignored, as the LSP specification asks.
 */
import {
  ErrorCodes,
  ResponseError,
  type Connection,
  type DidChangeTextDocumentParams,
  type DidCloseTextDocumentParams,
  type DidOpenTextDocumentParams,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** What is wrong with a value, or undefined when it is well formed. */
type Check = (value: unknown) => string | undefined;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isUInteger = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v).slice(0, 20)}`;
}

export function positionFault(v: unknown, name = 'position'): string | undefined {
  if (!isRecord(v)) return `${name} must be an object, not ${describe(v)}`;
  if (!isUInteger(v.line)) return `${name}.line must be an integer ≥ 0, not ${describe(v.line)}`;
  if (!isUInteger(v.character)) return `${name}.character must be an integer ≥ 0, not ${describe(v.character)}`;
  return undefined;
}

export function rangeFault(v: unknown, name = 'range'): string | undefined {
  if (!isRecord(v)) return `${name} must be an object, not ${describe(v)}`;
  return positionFault(v.start, `${name}.start`) ?? positionFault(v.end, `${name}.end`);
}

function documentIdFault(v: unknown): string | undefined {
  if (!isRecord(v)) return `textDocument must be an object, not ${describe(v)}`;
  if (typeof v.uri !== 'string') return `textDocument.uri must be a string, not ${describe(v.uri)}`;
  return undefined;
}

function paramsFault(params: unknown, fields: Record<string, Check>): string | undefined {
  if (!isRecord(params)) return `params must be an object, not ${describe(params)}`;
  for (const [name, check] of Object.entries(fields)) {
    const fault = check(params[name]);
    if (fault) return fault;
  }
  return undefined;
}

export function openFault(params: unknown): string | undefined {
  return paramsFault(params, {
    textDocument: (td) => {
      if (!isRecord(td)) return `textDocument must be an object, not ${describe(td)}`;
      if (typeof td.uri !== 'string') return `textDocument.uri must be a string, not ${describe(td.uri)}`;
      if (typeof td.languageId !== 'string') return `textDocument.languageId must be a string, not ${describe(td.languageId)}`;
      if (typeof td.version !== 'number' || !Number.isInteger(td.version)) return `textDocument.version must be an integer, not ${describe(td.version)}`;
      if (typeof td.text !== 'string') return `textDocument.text must be a string, not ${describe(td.text)}`;
      return undefined;
    },
  });
}

export function changeFault(params: unknown): string | undefined {
  return paramsFault(params, {
    textDocument: (td) => {
      const fault = documentIdFault(td);
      if (fault) return fault;
      const version = (td as Record<string, unknown>).version;
      return typeof version === 'number' && Number.isInteger(version) ? undefined : `textDocument.version must be an integer, not ${describe(version)}`;
    },
    contentChanges: (changes) => {
      if (!Array.isArray(changes)) return `contentChanges must be an array, not ${describe(changes)}`;
      for (const [i, change] of changes.entries()) {
        if (!isRecord(change)) return `contentChanges[${i}] must be an object, not ${describe(change)}`;
        if (typeof change.text !== 'string') return `contentChanges[${i}].text must be a string, not ${describe(change.text)}`;
        if (change.range !== undefined) {
          const fault = rangeFault(change.range, `contentChanges[${i}].range`);
          if (fault) return fault;
        }
      }
      return undefined;
    },
  });
}

export function closeFault(params: unknown): string | undefined {
  return paramsFault(params, { textDocument: documentIdFault });
}

/** The params checks of the requests the server answers, by the fields each reads. */
export const REQUEST_CHECKS = {
  hover: { textDocument: documentIdFault, position: (v: unknown) => positionFault(v) },
  inlayHint: { textDocument: documentIdFault, range: (v: unknown) => rangeFault(v) },
  codeAction: {
    textDocument: documentIdFault,
    range: (v: unknown) => rangeFault(v),
    context: (v: unknown) => {
      if (!isRecord(v)) return `context must be an object, not ${describe(v)}`;
      if (v.only !== undefined && !(Array.isArray(v.only) && v.only.every((k) => typeof k === 'string'))) return 'context.only must be an array of strings';
      return undefined;
    },
  },
  codeActionResolve: { title: (v: unknown) => (typeof v === 'string' ? undefined : `title must be a string, not ${describe(v)}`) },
  formatting: { textDocument: documentIdFault },
  documentColor: { textDocument: documentIdFault },
  colorPresentation: {
    textDocument: documentIdFault,
    range: (v: unknown) => rangeFault(v),
    color: (v: unknown) =>
      isRecord(v) && ['red', 'green', 'blue', 'alpha'].every((k) => typeof v[k] === 'number' && Number.isFinite(v[k]))
        ? undefined
        : `color must be {red, green, blue, alpha} numbers, not ${describe(v)}`,
  },
  puzzleKind: { uri: (v: unknown) => (typeof v === 'string' ? undefined : `uri must be a string, not ${describe(v)}`) },
  executeCommand: {
    command: (v: unknown) => (typeof v === 'string' ? undefined : `command must be a string, not ${describe(v)}`),
    arguments: (v: unknown) => (v === undefined || Array.isArray(v) ? undefined : `arguments must be an array, not ${describe(v)}`),
  },
} satisfies Record<string, Record<string, Check>>;

/** Gates requests and document notifications on the server's lifecycle and on well-formed params. */
export class WireGuard {
  private shutDown = false;

  constructor(private readonly log: (message: string) => void) {}

  markShutDown(): void {
    this.shutDown = true;
  }

  /**
   * Wraps a request handler: refused after shutdown, InvalidParams when a field it reads is malformed.
   * The handler's params type is what the protocol promises; the checks make that promise true.
   */
  request<P, R, A extends unknown[] = []>(method: string, fields: Record<string, Check>, handler: (params: P, ...rest: A) => R): (params: P, ...rest: A) => R | ResponseError<void> {
    // `rest`: what the connection passes after the params (the request's cancellation token, its progress).
    return (params: P, ...rest: A) => {
      if (this.shutDown) return new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shutting down (shutdown was requested)`);
      const fault = paramsFault(params, fields);
      if (fault) return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${fault}`);
      return handler(params, ...rest);
    };
  }

  /**
   * Has `documents` listen through a view of the connection whose document notifications are checked
   * first: one that is malformed never reaches the document store (where a non-string text would break
   * every later read of the document).
   */
  listenDocuments(documents: TextDocuments<TextDocument>, connection: Connection): void {
    const guarded: Connection = Object.create(connection) as Connection;
    guarded.onDidOpenTextDocument = (handler) =>
      connection.onDidOpenTextDocument((params: DidOpenTextDocumentParams) => this.notify('textDocument/didOpen', openFault(params), () => handler(params)));
    guarded.onDidChangeTextDocument = (handler) =>
      connection.onDidChangeTextDocument((params: DidChangeTextDocumentParams) => this.notify('textDocument/didChange', changeFault(params), () => handler(params)));
    guarded.onDidCloseTextDocument = (handler) =>
      connection.onDidCloseTextDocument((params: DidCloseTextDocumentParams) => this.notify('textDocument/didClose', closeFault(params), () => handler(params)));
    documents.listen(guarded);
  }

  private notify(method: string, fault: string | undefined, deliver: () => void): void {
    if (this.shutDown) return;
    if (fault) {
      this.log(`ignored a malformed ${method}: ${fault}`);
      return;
    }
    deliver();
  }
}
