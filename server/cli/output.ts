// How the commands print: one status word per check (plain ASCII, so the report reads the same in a terminal, a
// log or an email), and JSON for machines.
import { formatReport, type VerificationReport } from "../lib/verification-report";
import { type CliIo, EXIT, type ExitCode } from "./command";

export function statusMark(status: "ok" | "failed" | "warning" | "skipped"): string {
  switch (status) {
    case "ok":
      return "OK  ";
    case "failed":
      return "FAIL";
    case "warning":
      return "WARN";
    case "skipped":
      return "SKIP";
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A verification report as text (or JSON with --json), and the exit code that goes with it. */
export function printReport(io: CliIo, report: VerificationReport, json: boolean): ExitCode {
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? EXIT.verified : EXIT.failed;
}

/** The first line of a usage text without its "usage:" ("portal-verify <name> ..."), for the command list. */
export function synopsisOf(usage: string): string {
  return `portal-verify ${(usage.split("\n")[0] ?? "").replace(/^usage:\s*/, "")}`;
}

/** The usage text after its synopsis line: what the options mean. */
export function helpOf(usage: string): string {
  return usage.split("\n").slice(1).join("\n").trim();
}
