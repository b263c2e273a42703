// Evidence over tRPC: browsing, the detail with a re-hash of the stored bytes, what evidence can be linked to, and
// bundle exports. Uploads from the browser go through the /evidence/upload route (multipart, like the API).
import { z } from "zod";
import type { Context } from "../trpc/context";
import { procedureWith, router } from "../trpc/init";
import { exportBundle } from "./bundle/export-bundle";
import { findBundles, getBundle } from "./bundle/find-bundles";
import { ZBundleListInput, ZBundleSelection, ZExportBundleInput } from "./bundle/schemas";
import { previewBundle } from "./bundle/select-evidence";
import { checkEvidence } from "./check-evidence";
import { findEvidence } from "./find-evidence";
import { findLinkTargets } from "./find-link-targets";
import { getEvidence } from "./get-evidence";
import { processEvidenceDeps } from "./process-deps";
import { ZEvidenceListInput } from "./schemas";

const ZId = z.object({ id: z.string().max(100) });

const depsOf = (ctx: Context) => processEvidenceDeps(ctx.prisma, ctx.clock);

const read = procedureWith("evidence:read");
const exporting = procedureWith("evidence:export");

export const evidenceRouter = router({
  list: read.input(ZEvidenceListInput).query(({ ctx, input }) => findEvidence(ctx.prisma, input)),
  get: read.input(ZId).query(({ ctx, input }) => getEvidence(ctx.prisma, input.id)),
  /** hashes the stored bytes again, now: ok, mismatch or missing */
  check: read.input(ZId).query(({ ctx, input }) => checkEvidence(depsOf(ctx), input.id)),
  linkTargets: read.query(({ ctx }) => findLinkTargets(ctx.prisma)),
  bundles: router({
    list: read.input(ZBundleListInput).query(({ ctx, input }) => findBundles(ctx.prisma, input)),
    get: read.input(ZId).query(({ ctx, input }) => getBundle(ctx.prisma, input.id)),
    /** what an export of this selection would hold */
    preview: exporting
      .input(z.object({ selection: ZBundleSelection }))
      .query(({ ctx, input }) => previewBundle(ctx.prisma, input.selection, depsOf(ctx).limits)),
    /** signs the manifest with the portal's attestation key: a statement the server builds from its own records */
    create: exporting
      .input(ZExportBundleInput)
      .mutation(({ ctx, input }) =>
        exportBundle(depsOf(ctx), { input, actor: ctx.actor, request: ctx.request }),
      ),
  }),
});
