import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Outputs = inferRouterOutputs<AppRouter>["policies"];
export type PackRow = Outputs["packs"][number];
export type PackVersionRow = PackRow["versions"][number];
export type VexRow = Outputs["vex"][number];
export type PreviewRow = Outputs["preview"][number];
