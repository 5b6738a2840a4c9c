/** Domain problems as LSP diagnostics. Domain ranges already use LSP's line/UTF-16 convention. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Problem, Severity } from '../puzzles/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'trm';

export function toDiagnostic(uri: string, problem: Problem): Diagnostic {
  const diagnostic: Diagnostic = {
    range: problem.range,
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
  if (problem.related?.length) {
    diagnostic.relatedInformation = problem.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  }
  return diagnostic;
}
