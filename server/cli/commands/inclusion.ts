// `inclusion`: is this entry in the log a signed checkpoint describes? For an audit event from the portal, and
// for Rekor entries (a Sigstore bundle, a Rekor API answer) or any {leafIndex, treeSize, hashes, leafHash} file.
import { verifyInclusionDocument } from "../../audit/checkpoints/proof-documents";
import { readLogEntries } from "../../evidence/transparency/entry-formats";
import { verifyEntryOffline } from "../../evidence/transparency/verify-entry";
import { type CliCommand, EXIT_FAILED, EXIT_VERIFIED, UsageError } from "../command";
import { keysForNotes, loadKeySources } from "../note-keys";
import { printReport } from "../output";
import { onePositional, parseOptions } from "../parse-options";
import { readJsonFile, readTextFile } from "../read-input";

const usage = `usage: inclusion <proof.json> --key <file> [--checkpoint <file>] [--origin <origin>] [--json]

  <proof.json>        an audit inclusion proof downloaded from the portal (/audit/checkpoints), a Sigstore bundle,
                      a Rekor entry (GET /api/v1/log/entries?logIndex=N), or {leafIndex, treeSize, hashes,
                      leafHash | body (base64), checkpoint?}
  --key <file>        trusted key of the log: PEM, the portal's trust-root JSON, or name+hash+base64 lines
  --checkpoint <file> the signed checkpoint to check against (default: the one the file carries)
  --origin <origin>   refuse a checkpoint of any other log
  --json              print the report as JSON`;

export const inclusionCommand: CliCommand = {
  name: "inclusion",
  summary: "verify an inclusion proof (audit event or log entry) against a signed checkpoint",
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        key: { type: "string", multiple: true },
        checkpoint: { type: "string" },
        origin: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    const json = values.json ?? false;
    const input = readJsonFile(onePositional(positionals, "proof file", usage), "proof");
    const checkpoint = values.checkpoint ? readTextFile(values.checkpoint, "checkpoint") : undefined;
    const sources = loadKeySources(values.key ?? []);
    const mediaType = (input as { mediaType?: unknown } | null)?.mediaType;
    if (
      typeof mediaType === "string" &&
      mediaType.startsWith("application/vnd.portal.audit-inclusion-proof")
    ) {
      const doc = checkpoint ? { ...(input as object), checkpoint } : input;
      const note = (doc as { checkpoint?: unknown }).checkpoint;
      const keys = keysForNotes(sources, typeof note === "string" ? [note] : []);
      return printReport(verifyInclusionDocument(doc, keys, { origin: values.origin }), json);
    }
    const read = readLogEntries(input);
    if (!read.ok) throw new UsageError(`cannot read the proof: ${read.reason}`);
    const notes = [checkpoint, ...read.entries.map((entry) => entry.checkpoint)].filter(
      (note): note is string => typeof note === "string",
    );
    const keys = keysForNotes(sources, notes);
    let exit = EXIT_VERIFIED;
    for (const entry of read.entries) {
      const report = verifyEntryOffline(entry, { checkpoint, keys, origin: values.origin });
      if (printReport(report, json) !== EXIT_VERIFIED) exit = EXIT_FAILED;
    }
    return exit;
  },
};
