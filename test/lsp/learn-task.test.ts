/**
 * "Learn this task" through the bundled server over stdio, on a real ARC-AGI-1 training task the shipped model
 * was not trained on (a step budget of a few steps): the hover and code action before, the command with its
 * work-done progress (begin, step reports, end), the two attempts in the hover and as code actions after, the
 * row cached in the folder the client names and answered from again by a fresh server, cancellation from the
 * progress, and a task the model knows refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource,
  CodeActionRequest,
  ExecuteCommandRequest,
  HoverRequest,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
  type CodeAction,
  type MarkupContent,
  type Position,
  type ProgressToken,
  type TextDocumentEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { arcDataDir } from '../../server/src/trm/train/datasets';
import { applyTextEdits } from '../../server/src/util/text-edits';
import { FULL_CAPABILITIES, LspHarness } from './harness';

type Grid = number[][];
type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

const CHALLENGES = JSON.parse(readFileSync(join(arcDataDir(), 'arc-agi_training_challenges.json'), 'utf8')) as Record<string, { train: unknown[]; test: { input: Grid }[] }>;
const layout = (task: unknown) => `${JSON.stringify(task, null, 2).replace(/\[\s+((?:\d+,\s*)*\d+)\s+\]/g, (_, cells: string) => `[${cells.replace(/,\s*/g, ', ')}]`)}\n`;

function positionOf(text: string, needle: string, from = 0): Position {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in the text`);
  const lines = text.slice(0, at).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** A server whose client supports work-done progress and records it by token. */
async function startServer(cacheDir: string): Promise<{ lsp: LspHarness; progress: Map<ProgressToken, Progress[]> }> {
  const lsp = await LspHarness.start({
    capabilities: { ...FULL_CAPABILITIES, window: { ...FULL_CAPABILITIES.window, workDoneProgress: true } },
    initializationOptions: { adaptCacheDir: cacheDir },
  });
  const progress = new Map<ProgressToken, Progress[]>();
  lsp.connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
    progress.set(token, []);
    lsp.connection.onProgress(WorkDoneProgress.type, token, (value) => {
      progress.get(token)!.push(value);
    });
  });
  return { lsp, progress };
}

describe('TRM: Learn This Task over the protocol', () => {
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'trm-lsp-learn-')), 'adapted');
  const uri = 'file:///work/62c24649.json';
  const text = layout(CHALLENGES['62c24649']);
  const testInput = () => positionOf(text, '[1, 1, 0]', text.indexOf('"test"'));
  let lsp: LspHarness;
  let progress: Map<ProgressToken, Progress[]>;

  before(async () => {
    ({ lsp, progress } = await startServer(cacheDir));
    await lsp.open(uri, 'json', text);
    await lsp.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await lsp.stop();
    rmSync(join(cacheDir, '..'), { recursive: true, force: true });
  });

  const hover = async (l = lsp, u = uri) => ((await l.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: testInput() }))!.contents as MarkupContent).value;
  const actions = async (l = lsp) =>
    (await l.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: testInput(), end: testInput() }, context: { diagnostics: [] } })) as CodeAction[];

  it('offers to learn the task before it is learned', async () => {
    assert.match(await hover(), /\*\*Not learned yet:\*\* arc-8x8-tiny was not trained on this task\. Run \*\*TRM: Learn This Task\*\*/);
    const learn = (await actions()).find((a) => a.title.startsWith('Learn this task'));
    assert.ok(learn, 'a "Learn this task" code action on the test input');
    assert.equal(learn.kind, 'refactor.rewrite.trm.learn');
    assert.deepEqual(learn.command?.command, 'trm.server.learnTask');
    assert.deepEqual(learn.command?.arguments, [uri]);
  });

  it('learns with work-done progress, then shows the two attempts in the hover and as code actions', async () => {
    const result = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.learnTask', arguments: [uri, { steps: 6 }] })) as { learned: boolean; message: string };
    assert.equal(result.learned, true, result.message);
    assert.match(result.message, /^TRM learned this task: reproduces \d of 3 demonstration pairs; the held-out demonstration right in \d of 8 versions/);
    assert.equal(progress.size, 1);
    const reports = [...progress.values()][0]!;
    const begin = reports[0] as WorkDoneProgressBegin;
    assert.equal(begin.kind, 'begin');
    assert.equal(begin.title, 'TRM: learning this task');
    assert.equal(begin.cancellable, true);
    const steps = reports.filter((r): r is WorkDoneProgressReport => r.kind === 'report');
    assert.ok(steps.length >= 1);
    for (const r of steps) assert.match(r.message ?? '', /^step \d\/6 · loss \d+\.\d{3} · held-out demo (not checked yet|(right|wrong) \(\d\/8\)) · ETA \d+ s$/);
    assert.match(steps[steps.length - 1]!.message ?? '', /^step 6\/6 .* held-out demo (right|wrong) \(\d\/8\)/);
    assert.equal(steps[steps.length - 1]!.percentage, 100);
    assert.equal(reports[reports.length - 1]!.kind, 'end');
    assert.equal(readdirSync(cacheDir).length, 1, 'the row is cached in the folder the client named');

    const value = await hover();
    assert.match(value, /\*\*TRM adapted to this task\*\* — UNVERIFIED \(ARC has no exact solver\): reproduces \d of 3 demonstration pairs/);
    assert.match(value, /\*\*Attempt 1\*\* — \d+ of 16 votes, mean halt \d\.\d\d, \d+x\d+\n\n!\[Attempt 1, \d+x\d+\]\(data:image\/png;base64,/);
    assert.match(value, /\*\*Attempt 2\*\*/);

    const inserts = (await actions()).filter((a) => a.title.startsWith('Insert attempt'));
    assert.match(inserts[0]?.title ?? '', /^Insert attempt 1 \(TRM adapted, \d+ of 16 votes, unverified\)$/);
    const edits = (inserts[0]!.edit!.documentChanges![0] as TextDocumentEdit).edits;
    const written = JSON.parse(applyTextEdits(text, edits.map((e) => ('newText' in e ? e : assert.fail())))) as { test: { output: Grid }[] };
    const attempt1 = value.match(/\*\*Attempt 1\*\* — \d+ of 16 votes, mean halt \d\.\d\d, (\d+)x(\d+)/)!;
    assert.equal(written.test[0]!.output.length, Number(attempt1[1]));
    assert.equal(written.test[0]!.output[0]!.length, Number(attempt1[2]));
    if (inserts.length > 1) assert.match(inserts[1]!.title, /^Insert attempt 2 \(TRM adapted, \d+ of 16 votes, unverified\)$/);
  });

  it('a fresh server answers the reopened task from the cached row, without learning', async () => {
    const fresh = await startServer(cacheDir);
    try {
      await fresh.lsp.open(uri, 'json', text);
      await fresh.lsp.diagnosticsFor(uri, 1);
      assert.match(await hover(fresh.lsp), /\*\*TRM adapted to this task\*\*.*from the cache\)/);
      assert.equal(fresh.progress.size, 0, 'no progress: nothing was trained');
    } finally {
      await fresh.lsp.stop();
    }
  });

  it('cancelling the progress stops the learning and caches nothing', async () => {
    const other = 'file:///work/05269061.json';
    await lsp.open(other, 'json', layout(CHALLENGES['05269061']));
    await lsp.diagnosticsFor(other, 1);
    const before = progress.size;
    const pending = lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.learnTask', arguments: [other, { steps: 5000 }] }) as Promise<{ learned: boolean; message: string }>;
    const token = await lsp.waitFor('the progress of the second run', () => [...progress.keys()][before], 60_000);
    await lsp.waitFor('a step report', () => (progress.get(token)!.some((r) => r.kind === 'report') ? true : undefined), 60_000);
    // The server answers while the worker trains: the learning never blocks the LSP loop.
    let settled = false;
    void pending.finally(() => (settled = true));
    assert.match(await hover(), /TRM adapted to this task/);
    assert.equal(settled, false, 'the hover came back while the second task was still being learned');
    await lsp.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
    const result = await pending;
    assert.deepEqual(result, { learned: false, message: 'Learning this task was cancelled.' });
    assert.equal(progress.get(token)!.at(-1)!.kind, 'end');
    assert.equal(readdirSync(cacheDir).length, 1, 'only the first task is cached');
  });

  it('reports on a workDoneToken the client sent, and cancelling the request stops the learning', async () => {
    const other = 'file:///work/93b581b8.json';
    await lsp.open(other, 'json', layout(CHALLENGES['93b581b8']));
    await lsp.diagnosticsFor(other, 1);
    const created = progress.size;
    const reports: Progress[] = [];
    lsp.connection.onProgress(WorkDoneProgress.type, 'client-token', (value) => {
      reports.push(value);
    });
    const source = new CancellationTokenSource();
    const pending = lsp.connection
      .sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.learnTask', arguments: [other, { steps: 5000 }], workDoneToken: 'client-token' }, source.token)
      .then((r) => r as { learned: boolean; message: string }, (e: { code?: number }) => e);
    await lsp.waitFor('a step report on the client token', () => (reports.some((r) => r.kind === 'report') ? true : undefined), 60_000);
    assert.equal(progress.size, created, 'no server-created progress when the client gave a token');
    assert.equal((reports[0] as WorkDoneProgressBegin).title, 'TRM: learning this task');
    source.cancel();
    const result = await pending;
    // The server answers a cancelled request with its result or with RequestCancelled: either way, no row.
    if ('learned' in result) assert.deepEqual(result, { learned: false, message: 'Learning this task was cancelled.' });
    else assert.equal(result.code, -32800);
    await lsp.waitFor('the progress to end', () => (reports.at(-1)?.kind === 'end' ? true : undefined));
    assert.equal(readdirSync(cacheDir).length, 1, 'only the first task is cached');
  });

  it('refuses a task the model was trained on, and a document that is not an ARC task', async () => {
    const known = 'file:///work/known.arc.json';
    const solved = JSON.parse(readFileSync(join(__dirname, '../fixtures/arc/25ff71a9-solved.arc.json'), 'utf8')) as { train: unknown[]; test: { input: Grid }[] };
    await lsp.open(known, 'arc-task', layout({ train: solved.train, test: [{ input: solved.test[0]!.input }] }));
    await lsp.diagnosticsFor(known, 1);
    const r = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.learnTask', arguments: [known] })) as { learned: boolean; message: string };
    assert.deepEqual(r, { learned: false, message: 'arc-8x8-tiny was trained on this task: it answers with the task\'s own row, so there is nothing to learn.' });
    // 46442a0e fits the 8x8 canvas but only arc-12x12 was trained on it: that model answers it, so nothing to learn either.
    const larger = 'file:///work/46442a0e.json';
    await lsp.open(larger, 'json', layout(CHALLENGES['46442a0e']));
    await lsp.diagnosticsFor(larger, 1);
    const l = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.learnTask', arguments: [larger] })) as { learned: boolean; message: string };
    assert.deepEqual(l, { learned: false, message: 'arc-12x12-tiny was trained on this task: it answers with the task\'s own row, so there is nothing to learn.' });
    const sudoku = 'file:///work/a.sudoku';
    await lsp.open(sudoku, 'sudoku', '1 . . .\n. . . .\n. . . .\n. . . 4\n');
    const s = (await lsp.connection.sendRequest(ExecuteCommandRequest.type, { command: 'trm.server.learnTask', arguments: [sudoku] })) as { learned: boolean; message: string };
    assert.equal(s.learned, false);
    assert.match(s.message, /learns ARC tasks; this document is a sudoku/);
  });
});
