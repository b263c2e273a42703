// How a command answers: the report as text (or JSON with --json) on stdout, and the exit code that goes with it.
import { formatReport, type VerificationReport } from "../lib/verification-report";
import { EXIT_FAILED, EXIT_VERIFIED } from "./command";

export function printReport(report: VerificationReport, json: boolean): number {
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? EXIT_VERIFIED : EXIT_FAILED;
}
