/**
 * Runs fuzz cases against the real bundled server over stdio and judges each: the server must still be
 * running, answer every request (a well-formed one never with InternalError, a malformed one with
 * InvalidParams), publish the diagnostics of a document it was given, and answer a hover on a small
 * sentinel document — all within a generous liveness bound. Records the sentinel's latency and the server
 * process's peak resident memory (VmHWM) for the soak's figures.
 */
import { readFileSync } from 'node:fs';
import { ErrorCodes, HoverRequest, ResponseError, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspHarness } from '../harness';
import type { FuzzAction, FuzzCase } from './cases';

export type FaultKind = 'crash' | 'hang' | 'internal-error' | 'wrong-error';

export interface CaseOutcome {
  /** Round trip of the sentinel hover after the case, in ms. */
  latencyMs: number;
  /** The whole case (sending, answers, diagnostics, sentinel), in ms. */
  caseMs: number;
  fault?: { kind: FaultKind; detail: string };
}

const SENTINEL_URI = 'file:///fuzz/sentinel.sudoku';
const SENTINEL = ['. 2 | . .', '. . | . 1', '----+----', '4 . | . .', '. . | 3 .', ''].join('\n');

class Timeout extends Error {}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout(`no answer to ${what} within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Peak resident set of a process in bytes (Linux), 0 where /proc cannot tell. */
export function peakRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export class FuzzDriver {
  private exited: string | undefined;
  private peak = 0;

  private constructor(
    readonly lsp: LspHarness,
    private readonly livenessMs: number,
  ) {
    lsp.process.once('exit', (code, signal) => (this.exited = `the server exited (code ${code}, signal ${signal})`));
  }

  static async start(livenessMs = 30_000): Promise<FuzzDriver> {
    const lsp = await LspHarness.start();
    const driver = new FuzzDriver(lsp, livenessMs);
    await lsp.open(SENTINEL_URI, 'sudoku', SENTINEL);
    await lsp.diagnosticsFor(SENTINEL_URI, 1, livenessMs);
    return driver;
  }

  get alive(): boolean {
    return this.exited === undefined && this.lsp.process.exitCode === null;
  }

  /** The highest VmHWM seen of this server process. */
  get peakRssBytes(): number {
    this.peak = Math.max(this.peak, peakRss(this.lsp.process.pid));
    return this.peak;
  }

  private async send(action: FuzzAction): Promise<CaseOutcome['fault']> {
    const c = this.lsp.connection;
    switch (action.kind) {
      case 'open':
        this.lsp.forgetDiagnostics(action.uri);
        await c.sendNotification('textDocument/didOpen', { textDocument: { uri: action.uri, languageId: action.languageId, version: action.version, text: action.text } });
        return undefined;
      case 'change':
        await c.sendNotification('textDocument/didChange', { textDocument: { uri: action.uri, version: action.version }, contentChanges: action.changes });
        return undefined;
      case 'close':
        await c.sendNotification('textDocument/didClose', { textDocument: { uri: action.uri } });
        return undefined;
      case 'notify':
        await c.sendNotification(action.method, action.params);
        return undefined;
      case 'request':
        try {
          await within(c.sendRequest(action.method, action.params), this.livenessMs, action.method);
          if (!action.wellFormed) return { kind: 'wrong-error', detail: `${action.method} with malformed params was answered, not refused with InvalidParams` };
        } catch (e) {
          if (e instanceof Timeout) return { kind: 'hang', detail: e.message };
          if (!(e instanceof ResponseError)) throw e;
          if (action.wellFormed && e.code === ErrorCodes.InternalError) return { kind: 'internal-error', detail: `${action.method}: ${e.message}` };
          if (!action.wellFormed && e.code !== ErrorCodes.InvalidParams) return { kind: 'wrong-error', detail: `${action.method}: code ${e.code}, not InvalidParams: ${e.message}` };
        }
        return undefined;
    }
  }

  async run(fuzzCase: FuzzCase): Promise<CaseOutcome> {
    const started = Date.now();
    const outcome = (fault?: CaseOutcome['fault'], latencyMs = 0): CaseOutcome => ({ latencyMs, caseMs: Date.now() - started, ...(fault ? { fault } : {}) });
    const crashed = () => (this.alive ? undefined : { kind: 'crash' as const, detail: `${this.exited ?? 'the server exited'}; stderr:\n${this.lsp.stderr.join('').slice(-2000)}` });
    try {
      for (const action of fuzzCase.actions) {
        const fault = (await this.send(action)) ?? crashed();
        if (fault) return outcome(fault);
      }
      if (fuzzCase.expectDiagnostics) {
        const { uri, version } = fuzzCase.expectDiagnostics;
        await this.lsp.diagnosticsFor(uri, version, this.livenessMs).catch(() => {
          throw new Timeout(`no diagnostics for ${uri} v${version} within ${this.livenessMs} ms`);
        });
      }
      const asked = Date.now();
      const hover = await within(
        this.lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SENTINEL_URI }, position: { line: 0, character: 0 } }),
        this.livenessMs,
        'the sentinel hover',
      );
      const latency = Date.now() - asked;
      if (!/row 1, column 1/.test((hover?.contents as MarkupContent | undefined)?.value ?? '')) {
        return outcome({ kind: 'wrong-error', detail: `the sentinel hover answered ${JSON.stringify(hover).slice(0, 200)}` }, latency);
      }
      for (const action of fuzzCase.cleanup ?? []) await this.send(action);
      void this.peakRssBytes;
      return outcome(crashed(), latency);
    } catch (e) {
      if (e instanceof Timeout) return outcome(crashed() ?? { kind: 'hang', detail: e.message });
      return outcome(crashed() ?? { kind: 'crash', detail: String(e) });
    }
  }

  async stop(): Promise<void> {
    void this.peakRssBytes;
    await this.lsp.stop();
  }
}
