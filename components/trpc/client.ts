"use client";
import { createTRPCReact } from "@trpc/react-query";
import type { AppRouter } from "@/server/trpc/root";

/** Typed tRPC hooks for client components: `trpc.audit.list.useQuery(...)`. */
export const trpc = createTRPCReact<AppRouter>();
