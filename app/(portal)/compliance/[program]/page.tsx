import type { Metadata } from "next";
import { requirePagePermission } from "@/server/authz/page-access";
import { ProgramView } from "./program-view";

export const metadata: Metadata = { title: "Readiness program" };

export default async function ProgramPage({ params }: { params: Promise<{ program: string }> }) {
  const { program } = await params;
  const { permissions, user } = await requirePagePermission("compliance:read", `/compliance/${program}`);
  return (
    <ProgramView
      slug={program}
      canEdit={permissions.has("compliance:edit")}
      canSignOff={permissions.has("compliance:sign-off")}
      roles={[...user.roles]}
    />
  );
}
