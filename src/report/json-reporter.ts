import type { ConformanceReport } from './conformance-report.ts';

/**
 * Renders a report as JSON (`--reporter json`), with `summary.conformant`, `summary.failures`, `summary.requests` and each failure's `operation`, `check`, `input`, `expected`, `observed`.
 *
 * @example
 * JSON.parse(reporters.json(report)).summary.conformant; // the package exports it as reporters.json
 */
export function renderJsonReport(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
