// How the commands print: one status word per check (plain ASCII, so the report reads the same in a terminal, a
// log or an email), and JSON for machines.
import type { CliIo } from "./command";

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
