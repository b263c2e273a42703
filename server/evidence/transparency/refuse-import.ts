// A checkpoint or entry the mirror would not take is recorded as refused, in a transaction of its own (the import
// itself changes nothing): a forged or mis-signed checkpoint showing up is worth knowing about.
import { appendAudit } from "../../audit/append-audit";
import type { PortalPrisma } from "../../db/connection";
import type { MirrorContext } from "./mirror-context";

export async function refuseImport(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  input: {
    logId: string | null;
    what: "checkpoint" | "entry";
    source: "upload" | "sync" | "entry";
    reason: string;
  },
): Promise<void> {
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      payload: {
        type: "transparency.import_refused",
        logId: input.logId,
        what: input.what,
        source: input.source,
        reason: input.reason.slice(0, 500),
      },
      actor: ctx.actor,
      subject: { type: "transparency-log", id: input.logId },
      request: ctx.request,
      clock: ctx.clock,
    }),
  );
}
