"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { CreatedApiToken } from "@/server/api-tokens/schemas";

/** The one screen that shows the secret, with the first call a pipeline makes to check it works. */
export function CreatedTokenPanel({ created }: { created: CreatedApiToken }) {
  const [copied, setCopied] = useState(false);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <span className="text-sm font-medium text-fg">Token for {created.summary.name}</span>
        <div className="flex items-center gap-2">
          <code
            data-testid="created-token"
            className="min-w-0 flex-1 rounded-md border border-border bg-surface-muted px-3 py-2 font-mono text-xs break-all"
          >
            {created.token}
          </code>
          <Button
            variant="secondary"
            onClick={() => {
              void navigator.clipboard?.writeText(created.token).then(() => setCopied(true));
            }}
          >
            {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      </div>
      <div className="flex flex-col gap-1.5 text-sm text-fg-muted">
        <span>Check it from the pipeline:</span>
        <pre className="overflow-x-auto rounded-md border border-border bg-surface-muted p-3 font-mono text-xs text-fg">
          {`curl -H "Authorization: Bearer $PORTAL_TOKEN" ${origin}/api/v1/whoami`}
        </pre>
      </div>
    </div>
  );
}
