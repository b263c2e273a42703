import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { ReleaseDetailView } from "./release-detail";

export const metadata: Metadata = { title: "Release" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ReleasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { permissions } = await requirePagePermission("release:read", `/releases/${id}`);
  if (!UUID.test(id)) notFound();
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/releases", label: "Releases" }} current="Release" />
      <ReleaseDetailView
        releaseId={id}
        canPublish={permissions.has("release:register")}
        gates={{
          canEvaluate: permissions.has("promotion:request"),
          canSignVex: permissions.has("vex:sign"),
        }}
      />
    </div>
  );
}
