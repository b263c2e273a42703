// `checkpoint`: is this signed checkpoint (the portal's audit log, Rekor, Go's checksum database...) signed by a key
// I trust, and what tree does it state?
import { checkSignedCheckpoint } from "../../lib/check-checkpoint";
import { ReportBuilder } from "../../lib/verification-report";
import type { CliCommand } from "../command";
import { keysForNotes, loadKeySources } from "../note-keys";
import { printReport } from "../output";
import { onePositional, parseOptions } from "../parse-options";
import { readTextFile } from "../read-input";

const usage = `usage: checkpoint <checkpoint-file> --key <file> [--key <file>...] [--name <key name>] [--origin <origin>] [--json]

  <checkpoint-file>  a signed checkpoint (c2sp.org/tlog-checkpoint signed note)
  --key <file>       trusted key: PEM (one or a bundle), the portal's trust-root JSON, or name+hash+base64 lines
  --name <key name>  the name a PEM key signs as (default: whatever name the signature line carries)
  --origin <origin>  refuse a checkpoint of any other log
  --json             print the report as JSON`;

export const checkpointCommand: CliCommand = {
  name: "checkpoint",
  summary: "verify a signed transparency-log checkpoint (audit log, Rekor, sum.golang.org)",
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        key: { type: "string", multiple: true },
        name: { type: "string" },
        origin: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    const file = onePositional(positionals, "checkpoint file", usage);
    const note = readTextFile(file, "checkpoint");
    const keys = keysForNotes(loadKeySources(values.key ?? [], values.name), [note]);
    const report = new ReportBuilder("Checkpoint");
    const checkpoint = checkSignedCheckpoint(report, "signature", note, keys, { origin: values.origin });
    if (checkpoint) {
      report.facts.origin = checkpoint.origin;
      report.facts["tree size"] = checkpoint.treeSize;
      report.facts["root hash"] = checkpoint.rootHash.toString("hex");
      for (const [index, line] of checkpoint.extensions.entries()) {
        report.facts[`extension ${index + 1}`] = line;
      }
    }
    return printReport(
      report.finish(checkpoint ? `a checkpoint of ${checkpoint.origin} at size ${checkpoint.treeSize}` : ""),
      values.json ?? false,
    );
  },
};
