// portal-verify bundle: an evidence bundle exported by the portal (.tar.gz, .tar or an unpacked folder).
import path from "node:path";
import {
  type EvidenceBundleReport,
  keepForEvidenceBundle,
  verifyEvidenceBundle,
} from "../../evidence/bundle/verify-evidence-bundle";
import { readBundle } from "../../signing/bundle/read-bundle";
import { parseArgs } from "../args";
import { type CliCommand, EXIT, type ExitCode } from "../command";
import { printJson, statusMark } from "../output";
import { loadTrustedKeys } from "../trust";

const usage =
  "portal-verify bundle <bundle.tar.gz|folder> [--key <public-key.pem>]... [--trust-root <trust-root.json|keys.pem>] [--json]";

function render(report: EvidenceBundleReport): string {
  const lines: string[] = [];
  const kind = report.verdict === "unreadable" ? "" : ` (${report.source.kind})`;
  lines.push(`Evidence bundle ${report.source.name}${kind}`);
  if (report.bundle) {
    lines.push(`  ${report.bundle.title}`);
    lines.push(
      `  exported ${report.bundle.createdAt} by ${report.bundle.createdBy} (portal ${report.bundle.portalVersion})`,
    );
    lines.push(`  selection: ${report.bundle.selection}`);
  }
  if (report.merkleRoot)
    lines.push(`  Merkle root: ${report.merkleRoot} over ${report.evidenceFiles} evidence files`);
  lines.push("");
  for (const check of report.checks) {
    lines.push(`${statusMark(check.status)} ${check.name.padEnd(11)} ${check.summary}`);
    for (const problem of check.problems) lines.push(`     - ${problem.message}`);
  }
  for (const warning of report.warnings) lines.push("", `Note: ${warning}`);
  lines.push("");
  const failing = [
    ...new Set(report.problems.map((problem) => problem.file).filter((file) => file !== null)),
  ];
  lines.push(
    report.verdict === "verified"
      ? `VERIFIED: ${report.totalFiles} files, signed by ${report.signedBy.join(", ")}`
      : report.verdict === "unreadable"
        ? "NOT VERIFIED: the bundle could not be read"
        : `NOT VERIFIED${failing.length ? `: ${failing.join(", ")}` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

export const command: CliCommand = {
  name: "bundle",
  summary:
    "verify an evidence bundle: SHA256SUMS, the signed manifest, every file, the Merkle root, the audit proofs",
  usage,
  help: `Checks, with no server and no network:
  - every file matches SHA256SUMS, and SHA256SUMS lists every file;
  - manifest.dsse is a DSSE signature over exactly manifest.json, by a trusted key;
  - every file is named in the signed manifest with that SHA-256 and size, and no file is not;
  - the Merkle root (RFC 9162) recomputed over the evidence files is the one the manifest states;
  - checkpoints/audit-checkpoint.txt, when the bundle has one, is signed by a trusted audit-checkpoint key, and
    every checkpoints/inclusion/*.json proves the upload event of a file of the bundle (its SHA-256) in it.
Trusted keys: --key (PEM, repeatable) or --trust-root (the JSON trust root or trusted-keys.pem from /keys).
Pin the audit-checkpoint key too when the bundle has a checkpoint (the trust root holds both).
Without them the keys shipped in the bundle's keys/ folder are used, and the report says that this proves the
bundle is intact, not who made it.
--json prints the whole report as JSON.`,
  async run(args, io): Promise<ExitCode> {
    const parsed = parseArgs(args, {
      key: { value: true, repeatable: true },
      "trust-root": { value: true },
      json: { value: false },
    });
    const [target, ...extra] = parsed.positionals;
    if (!target || extra.length > 0) {
      io.stderr(
        `portal-verify bundle: give exactly one bundle (a .tar.gz, .tar or folder)\nusage: ${usage}\n`,
      );
      return EXIT.unusable;
    }
    const trustedKeys = loadTrustedKeys({
      keys: parsed.values.get("key") ?? [],
      trustRoot: parsed.values.get("trust-root")?.[0],
      cwd: io.cwd,
    });
    const contents = await readBundle(path.resolve(io.cwd, target), { keep: keepForEvidenceBundle });
    const report = verifyEvidenceBundle(contents, { trustedKeys });
    if (parsed.flags.has("json")) printJson(io, { command: "bundle", ...report });
    else io.stdout(render(report));
    return report.verdict === "verified"
      ? EXIT.verified
      : report.verdict === "unreadable"
        ? EXIT.unusable
        : EXIT.failed;
  },
};
