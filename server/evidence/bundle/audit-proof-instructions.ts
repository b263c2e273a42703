// Section 5 of VERIFY.md: the commands that check the audit-log checkpoint and the inclusion proofs of this very
// bundle (audit-proof-files.ts), written with its own file names, key and origin so they run as pasted.
import { parseSignedNote } from "../../lib/signed-note";
import { parseCheckpointText } from "../../lib/tlog-checkpoint";
import {
  AUDIT_CHECKPOINT_FILE,
  AUDIT_CHECKPOINT_KEY_PURPOSE,
  CHECKPOINTS_DIR,
  INCLUSION_PROOFS_DIR,
  KEYS_DIR,
} from "./layout";

type ExtraFile = { path: string; role: string; description: string; bytes: Uint8Array };

const GENERIC = `
## 5. The audit-log checkpoint

\`${CHECKPOINTS_DIR}/\` holds the signed audit-log checkpoint of the moment of the export and its proofs; check them with
\`portal-verify checkpoint\`, \`portal-verify inclusion\` and \`portal-verify consistency\` (see \`portal-verify --help\`).
`;

function originOf(note: Uint8Array): string | null {
  const parsed = parseSignedNote(note);
  if (!parsed.ok) return null;
  const checkpoint = parseCheckpointText(parsed.note.text);
  return checkpoint.ok ? checkpoint.checkpoint.origin : null;
}

/** The section's text ("" when the bundle has no checkpoint), and the checkpoint key for step 4's command. */
export function auditProofSection(extraFiles: readonly ExtraFile[]): {
  text: string;
  keyPath: string | null;
} {
  if (!extraFiles.some((file) => !file.path.startsWith(`${KEYS_DIR}/`))) return { text: "", keyPath: null };
  const checkpoint = extraFiles.find((file) => file.path === AUDIT_CHECKPOINT_FILE);
  const key = extraFiles.find(
    (file) =>
      file.role === "trusted-key" && file.path.startsWith(`${KEYS_DIR}/${AUDIT_CHECKPOINT_KEY_PURPOSE}-`),
  );
  const origin = checkpoint ? originOf(checkpoint.bytes) : null;
  if (!checkpoint || !key || !origin) return { text: GENERIC, keyPath: null };
  const proofs = extraFiles.filter((file) => file.path.startsWith(`${INCLUSION_PROOFS_DIR}/`));
  const example = proofs[0];
  const loop = example
    ? `for proof in ${INCLUSION_PROOFS_DIR}/*.json; do
  portal-verify inclusion "$proof" --key ${key.path} --checkpoint ${AUDIT_CHECKPOINT_FILE} --origin ${origin}
done
`
    : "";
  const text = `
## 5. The uploads are in the portal's audit log

\`${AUDIT_CHECKPOINT_FILE}\` is a checkpoint of the portal's append-only audit log (c2sp.org/tlog-checkpoint:
origin, number of events, RFC 9162 root hash) signed with the portal's **${AUDIT_CHECKPOINT_KEY_PURPOSE}** key
\`${key.path}\`; as in step 2, compare that key with the trust root you received separately.
In this bundle: ${checkpoint.description}.

${
  example
    ? `Each \`${INCLUSION_PROOFS_DIR}/event-<seq>.json\` proves that the upload of one evidence file is event \`<seq>\` of
that log: it holds the event as it was hashed (RFC 8785 canonical JSON, with the file's SHA-256, who uploaded
it and when) and the audit path from the event to the signed root. ${proofs.length} proof${proofs.length === 1 ? "" : "s"}, e.g. \`${example.path}\`:
${example.description}.`
    : "No evidence file of this bundle has an upload event to prove."
}

\`\`\`sh
portal-verify checkpoint ${AUDIT_CHECKPOINT_FILE} --key ${key.path} --origin ${origin}
${loop}\`\`\`

Every report must say \`VERIFIED\` (exit code 0). \`portal-verify bundle\` (step 4) checks the checkpoint and every
proof too, and that each proof is the upload of a file of this bundle with that SHA-256.
`;
  return { text, keyPath: key.path };
}
