"use client";

import { PageHeader } from "@/components/ui/page-header";
import { MySession } from "./my-session";
import { SessionsBrowser } from "./sessions-browser";

export function BreakGlassConsole({ canOpen }: { canOpen: boolean }) {
  return (
    <>
      <PageHeader
        title="Break-glass"
        description="Emergency access for incidents: a reason, a fresh sign-in, a short time limit. Every action under it is recorded with the session, security officers are told at once, and each session is reviewed afterwards."
      />
      {canOpen ? <MySession /> : null}
      <SessionsBrowser />
    </>
  );
}
