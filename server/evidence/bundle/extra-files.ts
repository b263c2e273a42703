// The hook through which other modules add files to an evidence bundle before its manifest is signed: the audit
// log's signed checkpoint and the inclusion proofs of the exported evidence's audit events go to checkpoints/
// (audit-proof-files.ts), their public keys to keys/. Every file a provider returns is
// listed in manifest.json and SHA256SUMS like the evidence itself, so the signature covers it.
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { CHECKPOINTS_DIR, KEYS_DIR } from "./layout";

export type BundleExtraFile = {
  /** under checkpoints/ (or keys/ for a public key the checkpoint verifies with) */
  path: string;
  bytes: Uint8Array;
  /** checkpoint | inclusion-proof | trusted-key | ... (manifest.json predicate.supporting[].role) */
  role: string;
  description: string;
};

export type BundleExtraFilesContext = {
  prisma: PortalPrisma;
  bundleId: string;
  createdAt: Date;
  /** who exports: a provider that signs something (the audit checkpoint) signs on their request */
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
  /** the evidence going into the bundle */
  evidence: readonly { evidenceId: string; path: string; sha256: string }[];
};

export type BundleExtraFilesProvider = (context: BundleExtraFilesContext) => Promise<BundleExtraFile[]>;

/** What an export includes until a checkpoint provider is configured: nothing beyond the evidence. */
export const withoutExtraFiles: BundleExtraFilesProvider = async () => [];

/** Only checkpoints/ and keys/ are for providers; the rest of the layout belongs to the exporter. */
export function extraFileProblem(file: BundleExtraFile): string | null {
  const [top, ...rest] = file.path.split("/");
  if (
    (top !== CHECKPOINTS_DIR && top !== KEYS_DIR) ||
    rest.length === 0 ||
    rest.some((part) => part === "" || part === "..")
  ) {
    return `an extra bundle file must be under ${CHECKPOINTS_DIR}/ or ${KEYS_DIR}/, not "${file.path}"`;
  }
  return null;
}
