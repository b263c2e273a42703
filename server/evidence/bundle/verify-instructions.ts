// VERIFY.md and SHA256SUMS of an evidence bundle. The commands in VERIFY.md are the exact ones a test runs against
// exported bundles (coreutils, grep, sed, openssl; no JSON tool needed), so what the auditor reads is what works.
import { IN_TOTO_PAYLOAD_TYPE } from "../../signing/in-toto";
import { formatBytes } from "../policy";
import { auditProofSection } from "./audit-proof-instructions";
import { CHECKSUMS_FILE, ENVELOPE_FILE, KEYS_DIR, MANIFEST_FILE } from "./layout";

/** `sha256sum` output for the given files, sorted by path (names here never need sha256sum's escaping). */
export function renderSha256Sums(files: readonly { path: string; sha256: string }[]): string {
  return [...files]
    .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
    .map((file) => `${file.sha256}  ${file.path}\n`)
    .join("");
}

export type InstructionsInput = {
  bundleId: string;
  title: string;
  createdAt: string;
  createdBy: string;
  selection: string;
  fileCount: number;
  totalBytes: number;
  merkleRoot: string;
  signingKey: { keyId: string; path: string; purpose: string };
  /** what the checkpoint provider added under checkpoints/ and keys/ (extra-files.ts) */
  extraFiles: readonly { path: string; role: string; description: string; bytes: Uint8Array }[];
  archiveName: string;
};

export function renderInstructions(input: InstructionsInput): string {
  const audit = auditProofSection(input.extraFiles);
  const hasCheckpoints = input.extraFiles.some((file) => !file.path.startsWith(`${KEYS_DIR}/`));
  const type = IN_TOTO_PAYLOAD_TYPE;
  const typeLength = Buffer.byteLength(type, "utf8");
  return `# Verifying this evidence bundle

**${input.title}** (bundle ${input.bundleId}), exported ${input.createdAt} by ${input.createdBy}.
Selection: ${input.selection}. ${input.fileCount} evidence file${input.fileCount === 1 ? "" : "s"}, ${formatBytes(input.totalBytes)}.

Merkle root of the evidence files (${"RFC 9162"}, SHA-256): \`${input.merkleRoot}\`

Everything below works offline, with the files of this bundle and standard tools. Run the commands in the folder
that holds \`${CHECKSUMS_FILE}\` (after \`tar -xzf ${input.archiveName}\`).

## What is in it

| Path | What it is |
| --- | --- |
| \`files/<kind>/\` | the evidence, as it was uploaded |
| \`${MANIFEST_FILE}\` | an in-toto statement: every file of the bundle (except the three below) with its SHA-256, what each piece of evidence is, and the Merkle root |
| \`${ENVELOPE_FILE}\` | a DSSE envelope whose payload is exactly \`${MANIFEST_FILE}\`, signed by the portal |
| \`${CHECKSUMS_FILE}\` | SHA-256 of every other file, for \`sha256sum\` |
| \`keys/\` | the public keys of the signatures (PEM) |
| \`checkpoints/\` | ${hasCheckpoints ? "the audit-log checkpoint and proofs of this export" : "reserved for audit-log checkpoints and proofs (none in this bundle)"} |

## 1. Every file is intact

\`\`\`sh
sha256sum --strict -c ${CHECKSUMS_FILE}
\`\`\`

Every line must say \`OK\`. \`--strict\` makes a damaged line of \`${CHECKSUMS_FILE}\` fail too. This proves the files
match \`${CHECKSUMS_FILE}\`; steps 2 and 3 prove \`${CHECKSUMS_FILE}\` is not the only thing that was changed.

## 2. The manifest is what the portal signed

The manifest was signed with the portal's **${input.signingKey.purpose}** key \`${input.signingKey.keyId}\`
(\`${input.signingKey.path}\`). Compare that key id with the portal's trust root (\`/keys\`, "Trusted keys"),
which you received separately: a key that arrives with the bundle proves only that the bundle is consistent, not
who made it.

DSSE signs \`PAE(type, payload)\` = \`DSSEv1 <length of type> <type> <length of payload> <payload>\`. The PAE is
built here from \`${MANIFEST_FILE}\` itself, so a signature that verifies proves \`${MANIFEST_FILE}\` is unchanged:

\`\`\`sh
work=$(mktemp -d)
printf 'DSSEv1 ${typeLength} ${type} %d ' "$(wc -c < ${MANIFEST_FILE})" > "$work/manifest.pae"
cat ${MANIFEST_FILE} >> "$work/manifest.pae"
grep -o '"sig":"[^"]*"' ${ENVELOPE_FILE} | head -n 1 | cut -d '"' -f 4 | base64 -d > "$work/manifest.sig"
openssl dgst -sha256 -verify ${input.signingKey.path} -signature "$work/manifest.sig" "$work/manifest.pae"
rm -r "$work"
\`\`\`

It must print \`Verified OK\`.

## 3. The files are the ones the signed manifest names, and no others

\`\`\`sh
grep -o '{"digest":{"sha256":"[0-9a-f]*"},"name":"[^"]*"}' ${MANIFEST_FILE} \\
  | sed -e 's/^{"digest":{"sha256":"//' -e 's/"},"name":"/  /' -e 's/"}$//' \\
  | sha256sum --strict -c -
grep -o '"name":"[^"]*"}' ${MANIFEST_FILE} | cut -d '"' -f 4 | sort > "\${TMPDIR:-/tmp}/signed-names"
find . -type f ! -name ${CHECKSUMS_FILE} ! -name ${MANIFEST_FILE} ! -name ${ENVELOPE_FILE} | sed 's|^\\./||' | sort \\
  | diff "\${TMPDIR:-/tmp}/signed-names" - && echo "No unlisted files"
\`\`\`

Every line must say \`OK\`, and the last line \`No unlisted files\`.

## 4. All of it at once, and the Merkle root

The portal's offline verifier needs no server and no network; it checks steps 1 to 3 and recomputes the Merkle
root (leaves: RFC 8785 canonical JSON of \`{"path","sha256","size"}\` of each entry of \`predicate.files\`, in
order):

\`\`\`sh
portal-verify bundle ${input.archiveName} --trust-root trust-root.json
portal-verify bundle . --key ${input.signingKey.path}${audit.keyPath ? ` --key ${audit.keyPath}` : ""} --json
\`\`\`

Exit code 0: verified; 1: verification failed (the report names each file); 2: the input could not be read.
${audit.text}`;
}
