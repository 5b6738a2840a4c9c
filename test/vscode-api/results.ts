/**
 * The suite's results as plain data, passed from the extension host to the runner through a JSON file (the
 * extension host's console goes to its log, not to the terminal that started the run).
 */
import Mocha from 'mocha';

export interface TestResult {
  title: string;
  ms: number;
  error?: string;
}

export interface SuiteResults {
  passed: TestResult[];
  failed: TestResult[];
  pending: string[];
}

/** Subscribes to a mocha run; the returned function gives what was collected so far. */
export function collectResults(runner: Mocha.Runner): () => SuiteResults {
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
  const results: SuiteResults = { passed: [], failed: [], pending: [] };
  runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => results.passed.push({ title: test.fullTitle(), ms: test.duration ?? 0 }));
  // Hooks fail through this event too (their title says "before all" hook...).
  runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, error: Error) =>
    results.failed.push({ title: test.fullTitle(), ms: test.duration ?? 0, error: error.stack ?? error.message }),
  );
  runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => results.pending.push(test.fullTitle()));
  return () => results;
}
