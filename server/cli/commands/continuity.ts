// `continuity`: does this downloaded continuity report hold? The DSSE envelope must verify with a trusted
// attestation key and name the report file by its SHA-256; the report must be consistent with itself (counts, both
// evidence roots and the old-root cross-reference recomputed from its items, the verdict derived again); its audit
// consistency proof must verify, and the signed audit checkpoints it carries must verify with the audit-checkpoint
// key and state the snapshots' audit heads.
import fs from "node:fs";
import { ZodError } from "zod";
import { verifyContinuityReport } from "../../evidence/continuity/verify-report";
import type { TrustedKey } from "../../signing/dsse";
import { trustedKeysOf } from "../../signing/keys/export-trust-root";
import { UsageError } from "../args";
import { type CliCommand, EXIT } from "../command";
import { keysForNotes, loadKeySources } from "../note-keys";
import { helpOf, printReport, synopsisOf } from "../output";
import { onePositional, parseOptions } from "../parse-options";
import { readJsonFile, readTextFile } from "../read-input";

const usage = `usage: continuity <continuity-report.json> --envelope <continuity-report.dsse.json> --key <file> [--key <file>...] [--json]

  <continuity-report.json>  the report as downloaded from /reports/continuity ("Signed JSON")
  --envelope <file>         its DSSE envelope ("DSSE envelope" download)
  --key <file>              trusted keys: the portal's trust-root JSON (/keys/trust-root.json, holds the attestation
                            and audit-checkpoint keys) or PEM public keys (one or a bundle, /keys/trusted-keys.pem)
  --json                    print the report as JSON`;

const MAX_REPORT_BYTES = 1024 * 1024 * 1024;
const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/** The keys a DSSE envelope is checked against: every key of a trust root (the verifier wants attestation), or PEMs. */
function envelopeKeys(paths: readonly string[]): TrustedKey[] {
  if (paths.length === 0) throw new UsageError(`give the trusted keys with --key <file>\n\n${usage}`);
  return paths.flatMap((path) => {
    const text = readTextFile(path, "key file").trim();
    if (text.startsWith("{")) {
      try {
        return trustedKeysOf(JSON.parse(text));
      } catch (error) {
        const reason = error instanceof ZodError ? error.issues[0]?.message : (error as Error).message;
        throw new UsageError(`${path}: not the portal's trust root (${reason})`);
      }
    }
    const pems = text.match(PEM_BLOCK);
    if (!pems) throw new UsageError(`${path}: neither a trust-root JSON nor PEM public keys`);
    return pems.map((publicKeyPem) => ({ publicKeyPem }));
  });
}

/** The report's exact bytes (their SHA-256 is what was signed); reports of large stores exceed read-input's cap. */
function readReportBytes(path: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new UsageError(`cannot read continuity report "${path}": no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`continuity report "${path}" is not a file`);
  if (stat.size > MAX_REPORT_BYTES) throw new UsageError(`continuity report "${path}" is larger than 1 GiB`);
  return fs.readFileSync(path);
}

function signedNotesOf(document: Buffer): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document.toString("utf8"));
  } catch {
    return [];
  }
  const checkpoints = (
    parsed as { audit?: { checkpoints?: Record<string, { signedNote?: unknown } | null> } }
  )?.audit?.checkpoints;
  return Object.values(checkpoints ?? {}).flatMap((checkpoint) =>
    typeof checkpoint?.signedNote === "string" ? [checkpoint.signedNote] : [],
  );
}

export const continuityCommand: CliCommand = {
  name: "continuity",
  summary: "verify a signed continuity report (signature, counts, roots, audit consistency proof)",
  usage: synopsisOf(usage),
  help: helpOf(usage),
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { envelope: { type: "string" }, key: { type: "string", multiple: true }, json: { type: "boolean" } },
      usage,
    );
    const reportFile = onePositional(positionals, "continuity report", usage);
    if (!values.envelope)
      throw new UsageError(`give the report's DSSE envelope with --envelope <file>\n\n${usage}`);
    const document = readReportBytes(reportFile);
    const envelope = readJsonFile(values.envelope, "envelope");
    const keyFiles = values.key ?? [];
    const trustedKeys = envelopeKeys(keyFiles);
    // the checkpoints' keys only matter when the report carries signed checkpoints
    const notes = signedNotesOf(document);
    let noteKeys: ReturnType<typeof keysForNotes> = [];
    if (notes.length > 0) {
      try {
        noteKeys = keysForNotes(loadKeySources(keyFiles), notes);
      } catch (error) {
        // no audit-checkpoint key among the files: the checkpoint steps fail and say so
        if (!(error instanceof UsageError)) throw error;
      }
    }
    const report = verifyContinuityReport({ document, envelope, trustedKeys, noteKeys });
    const code = printReport(io, report, values.json ?? false);
    return report.readable ? code : EXIT.unusable;
  },
};
