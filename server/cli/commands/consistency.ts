// `consistency`: did the log only grow between two signed checkpoints? For the portal's audit log (a downloaded
// consistency proof carries both checkpoints) and for Rekor (its /api/v1/log/proof answer plus the two checkpoints).
import {
  verifyCheckpointConsistency,
  verifyConsistencyDocument,
} from "../../audit/checkpoints/proof-documents";
import { decodeHash32 } from "../../lib/hash-text";
import { ReportBuilder } from "../../lib/verification-report";
import { type CliCommand, UsageError } from "../command";
import { keysForNotes, loadKeySources } from "../note-keys";
import { printReport } from "../output";
import { onePositional, parseOptions } from "../parse-options";
import { readJsonFile, readTextFile } from "../read-input";

const usage = `usage: consistency <proof.json> --key <file> [--old <checkpoint>] [--new <checkpoint>] [--origin <origin>] [--json]

  <proof.json>       an audit consistency proof downloaded from the portal (carries both checkpoints), or a
                     consistency proof {"hashes": [...]} such as Rekor's GET /api/v1/log/proof answer
  --old, --new       the earlier and the later signed checkpoint (required with a bare proof; they replace the
                     ones a portal proof carries)
  --key <file>       trusted key of the log: PEM, the portal's trust-root JSON, or name+hash+base64 lines
  --origin <origin>  refuse checkpoints of any other log
  --json             print the report as JSON`;

export const consistencyCommand: CliCommand = {
  name: "consistency",
  summary: "verify that a later checkpoint extends an earlier one (consistency proof)",
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        key: { type: "string", multiple: true },
        old: { type: "string" },
        new: { type: "string" },
        origin: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    const json = values.json ?? false;
    const input = readJsonFile(onePositional(positionals, "proof file", usage), "proof") as Record<
      string,
      unknown
    > | null;
    const older = values.old ? readTextFile(values.old, "old checkpoint") : undefined;
    const newer = values.new ? readTextFile(values.new, "new checkpoint") : undefined;
    const sources = loadKeySources(values.key ?? []);
    const mediaType = input?.mediaType;
    if (
      typeof mediaType === "string" &&
      mediaType.startsWith("application/vnd.portal.audit-consistency-proof")
    ) {
      const doc = {
        ...input,
        ...(older ? { checkpoint1: older } : {}),
        ...(newer ? { checkpoint2: newer } : {}),
      };
      const notes = [doc.checkpoint1, doc.checkpoint2].filter(
        (note): note is string => typeof note === "string",
      );
      return printReport(
        verifyConsistencyDocument(doc, keysForNotes(sources, notes), { origin: values.origin }),
        json,
      );
    }
    if (!older || !newer)
      throw new UsageError(`a bare consistency proof needs --old and --new checkpoints\n\n${usage}`);
    if (!Array.isArray(input?.hashes)) throw new UsageError('cannot read the proof: it has no "hashes" list');
    const hashes = input.hashes.map((text, index) => {
      const hash = decodeHash32(text);
      if (!hash)
        throw new UsageError(
          `cannot read the proof: hash ${index + 1} is not a 32-byte hash (hex or base64)`,
        );
      return hash;
    });
    const report = new ReportBuilder("Consistency proof");
    return printReport(
      verifyCheckpointConsistency(report, {
        checkpoint1: older,
        checkpoint2: newer,
        hashes,
        keys: keysForNotes(sources, [older, newer]),
        options: { origin: values.origin },
      }),
      json,
    );
  },
};
