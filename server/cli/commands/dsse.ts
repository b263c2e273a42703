// portal-verify dsse: one DSSE envelope (an attestation, a sign-off, a manifest.dsse) against keys you trust.
import fs from "node:fs";
import path from "node:path";
import {
  type DsseEnvelope,
  type EnvelopeVerification,
  envelopePayload,
  verifyEnvelope,
} from "../../signing/dsse";
import { parseStatement } from "../../signing/in-toto";
import { parseArgs } from "../args";
import { type CliCommand, EXIT, type ExitCode } from "../command";
import { printJson, statusMark } from "../output";
import { loadTrustedKeys } from "../trust";

const usage =
  "portal-verify dsse <envelope.json> (--key <public-key.pem>... | --trust-root <file>) [--payload-type <type>] [--json]";

const ENVELOPE_LIMIT = 64 * 1024 * 1024;

type Subjects = { name: string; sha256: string }[] | null;

function render(file: string, verification: EnvelopeVerification, subjects: Subjects): string {
  const lines = [`DSSE envelope ${file}`];
  lines.push(`  payload type:   ${verification.payloadType ?? "(missing)"}`);
  lines.push(`  payload SHA-256: ${verification.payloadSha256 ?? "(not decodable)"}`);
  if (subjects) {
    lines.push("  in-toto subjects:");
    for (const subject of subjects.slice(0, 50)) lines.push(`    ${subject.sha256}  ${subject.name}`);
    if (subjects.length > 50) lines.push(`    … and ${subjects.length - 50} more`);
  }
  lines.push("");
  for (const problem of verification.problems) lines.push(`${statusMark("failed")} ${problem}`);
  for (const check of verification.signatures) {
    lines.push(
      `${statusMark(check.ok ? "ok" : "failed")} signature ${check.index + 1} (${check.keyid || "no keyid"}): ${check.reason}`,
    );
  }
  lines.push(
    "",
    verification.ok ? `VERIFIED: ${verification.reason}` : `NOT VERIFIED: ${verification.reason}`,
  );
  return `${lines.join("\n")}\n`;
}

export const command: CliCommand = {
  name: "dsse",
  summary: "verify a DSSE envelope's signatures against keys you trust",
  usage,
  help: `Verifies PAE(payloadType, payload) signatures (DER ECDSA P-256, SHA-256) with the keys given by --key (PEM,
repeatable) or --trust-root (the JSON trust root or trusted-keys.pem from /keys). A DSSE envelope carries no keys,
so at least one is required. --payload-type refuses any other payload type. For an in-toto statement the subjects
are listed. --json prints the verification as JSON.`,
  async run(args, io): Promise<ExitCode> {
    const parsed = parseArgs(args, {
      key: { value: true, repeatable: true },
      "trust-root": { value: true },
      "payload-type": { value: true },
      json: { value: false },
    });
    const [file, ...extra] = parsed.positionals;
    if (!file || extra.length > 0) {
      io.stderr(`portal-verify dsse: give exactly one envelope file\nusage: ${usage}\n`);
      return EXIT.unusable;
    }
    const keys = loadTrustedKeys({
      keys: parsed.values.get("key") ?? [],
      trustRoot: parsed.values.get("trust-root")?.[0],
      cwd: io.cwd,
    });
    if (keys.length === 0) {
      io.stderr(
        `portal-verify dsse: a DSSE envelope names no keys of its own; give --key or --trust-root\nusage: ${usage}\n`,
      );
      return EXIT.unusable;
    }
    const full = path.resolve(io.cwd, file);
    let envelope: unknown;
    try {
      if (fs.statSync(full).size > ENVELOPE_LIMIT) throw new Error("larger than 64 MiB");
      envelope = JSON.parse(fs.readFileSync(full, "utf8"));
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      const message = `${file} cannot be read as a DSSE envelope (${reason})`;
      if (parsed.flags.has("json"))
        printJson(io, { command: "dsse", ok: false, verdict: "unreadable", error: message });
      else io.stderr(`portal-verify dsse: ${message}\n`);
      return EXIT.unusable;
    }
    const payloadType = parsed.values.get("payload-type")?.[0];
    const verification = verifyEnvelope(envelope, keys, payloadType ? { payloadType } : {});
    const statement =
      verification.ok && verification.payloadType === "application/vnd.in-toto+json"
        ? parseStatement(envelopePayload(envelope as DsseEnvelope))
        : null;
    const subjects: Subjects = statement
      ? statement.subject.map((subject) => ({ name: subject.name, sha256: subject.digest.sha256 }))
      : null;
    if (parsed.flags.has("json")) {
      printJson(io, {
        command: "dsse",
        verdict: verification.ok ? "verified" : "failed",
        ...verification,
        subjects,
      });
    } else io.stdout(render(file, verification, subjects));
    return verification.ok ? EXIT.verified : EXIT.failed;
  },
};
