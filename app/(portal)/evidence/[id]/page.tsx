import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { EvidenceDetailView } from "./evidence-detail";

export const metadata: Metadata = { title: "Evidence" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EvidenceDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePagePermission("evidence:read", `/evidence/${id}`);
  if (!UUID.test(id)) notFound();
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/evidence", label: "Evidence" }} current="Details" />
      <EvidenceDetailView id={id} />
    </div>
  );
}
