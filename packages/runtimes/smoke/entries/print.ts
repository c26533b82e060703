import { REPORT_PREFIX, type SmokeReport } from '../report.js';

/** One line on stdout for the test to find; a failure instead rejects, and the exit code shows it. */
export function printReport(report: SmokeReport): void {
  console.log(REPORT_PREFIX + JSON.stringify(report));
}
