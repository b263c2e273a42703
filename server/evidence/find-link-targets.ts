// What evidence can be linked to and filtered by: recent releases, the compliance programs with their proof
// artifacts, and break-glass sessions. The upload form, the filters and the bundle form offer these.
import type { PortalPrisma } from "../db/connection";

export type LinkTargets = {
  releases: { id: string; label: string }[];
  programs: { id: string; name: string; proofs: { id: string; label: string }[] }[];
  sessions: { id: string; label: string }[];
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export async function findLinkTargets(prisma: PortalPrisma): Promise<LinkTargets> {
  const [releases, programs, sessions] = await Promise.all([
    prisma.release.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 200,
      select: { id: true, product: true, version: true },
    }),
    prisma.complianceProgram.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        items: {
          orderBy: { number: "asc" },
          select: {
            number: true,
            proofArtifacts: { orderBy: { position: "asc" }, select: { id: true, description: true } },
          },
        },
      },
    }),
    prisma.breakGlassSession.findMany({
      where: { activatedAt: { not: null } },
      orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { id: true, reasonCode: true, requesterName: true, ticketRef: true, requestedAt: true },
    }),
  ]);
  return {
    releases: releases.map((release) => ({ id: release.id, label: `${release.product} ${release.version}` })),
    programs: programs.map((program) => ({
      id: program.id,
      name: program.name,
      proofs: program.items.flatMap((item) =>
        item.proofArtifacts.map((proof) => ({
          id: proof.id,
          label: `Item ${item.number}: ${clip(proof.description, 90)}`,
        })),
      ),
    })),
    sessions: sessions.map((session) => ({
      id: session.id,
      label: `${session.requestedAt.toISOString().slice(0, 10)} · ${session.reasonCode} · ${session.requesterName}${session.ticketRef ? ` (${session.ticketRef})` : ""}`,
    })),
  };
}
