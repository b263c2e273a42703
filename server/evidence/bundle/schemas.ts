// Inputs and outputs of evidence bundle exports.
import { z } from "zod";
import { ZEvidenceKind } from "../schemas";

const ZKinds = z.array(ZEvidenceKind).max(6).optional();

export const ZBundleSelection = z.discriminatedUnion(
  "mode",
  [
    z.object({ mode: z.literal("release"), releaseId: z.uuid("Choose a release"), kinds: ZKinds }),
    z.object({ mode: z.literal("program"), programId: z.uuid("Choose a compliance program"), kinds: ZKinds }),
    z.object({
      mode: z.literal("breakGlassSession"),
      sessionId: z.uuid("Choose a break-glass session"),
      kinds: ZKinds,
    }),
    z
      .object({
        mode: z.literal("timeRange"),
        from: z.coerce.date({ error: "Give the start of the time range" }),
        to: z.coerce.date({ error: "Give the end of the time range" }),
        kinds: ZKinds,
      })
      .refine((range) => range.from.getTime() < range.to.getTime(), {
        message: "The time range must end after it starts",
        path: ["to"],
      }),
    z.object({
      mode: z.literal("records"),
      evidenceIds: z
        .array(z.uuid())
        .min(1, "Pick at least one piece of evidence")
        .max(1000, "At most 1,000 pieces of evidence per bundle")
        .transform((ids) => [...new Set(ids)]),
    }),
  ],
  {
    error:
      "Choose what to export: a release, a program, a break-glass session, a time range or hand-picked evidence",
  },
);
export type BundleSelection = z.output<typeof ZBundleSelection>;
export type BundleSelectionInput = z.input<typeof ZBundleSelection>;

export const ZExportBundleInput = z.object({
  selection: ZBundleSelection,
  title: z.string().trim().max(200, "The title is at most 200 characters").optional(),
});
export type ExportBundleInput = z.input<typeof ZExportBundleInput>;

export const ZBundleListInput = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  after: z.string().max(200).optional(),
});
export type BundleListInput = z.input<typeof ZBundleListInput>;

export type BundleSummary = {
  id: string;
  title: string;
  selectionLabel: string;
  fileCount: number;
  totalBytes: number;
  merkleRoot: string;
  manifestSha256: string;
  keyId: string;
  createdAt: Date;
  createdByName: string;
  archive: { evidenceId: string; sha256: string; size: number; fileName: string };
};

export type BundleDetail = BundleSummary & {
  items: { evidenceId: string; path: string; kind: string; fileName: string; sha256: string; size: number }[];
};

export type BundlePage = { bundles: BundleSummary[]; nextCursor: string | null };

export type BundlePreview = {
  fileCount: number;
  totalBytes: number;
  selectionLabel: string;
  kinds: Record<string, number>;
};
