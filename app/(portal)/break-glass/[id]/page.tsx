import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { SessionReportView } from "./session-report";

export const metadata: Metadata = { title: "Break-glass session" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function SessionReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, permissions } = await requirePagePermission("breakglass:read", `/break-glass/${id}`);
  if (!UUID.test(id)) notFound();
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/break-glass", label: "Break-glass" }} current="Session report" />
      <SessionReportView
        sessionId={id}
        viewerId={user.id}
        can={{
          approve: permissions.has("breakglass:approve"),
          revoke: permissions.has("breakglass:revoke"),
          review: permissions.has("breakglass:review"),
          auditLink: permissions.has("audit:read"),
        }}
      />
    </div>
  );
}
