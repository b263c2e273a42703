import type { Metadata } from "next";
import { requirePagePermission } from "@/server/authz/page-access";
import { CheckpointsBrowser } from "./checkpoints-browser";

export const metadata: Metadata = { title: "Audit checkpoints" };

export default async function CheckpointsPage() {
  const { permissions } = await requirePagePermission("audit:read", "/audit/checkpoints");
  return <CheckpointsBrowser canSign={permissions.has("audit:verify")} />;
}
