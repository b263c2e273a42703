"use client";

import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import type { ApiTokenSummary } from "@/server/api-tokens/schemas";

export type RevokeApiTokenDrawerProps = {
  token: ApiTokenSummary | null;
  onClose: () => void;
  onRevoked: (token: ApiTokenSummary) => void;
  returnTo: string;
};

export function RevokeApiTokenDrawer({ token, onClose, onRevoked, returnTo }: RevokeApiTokenDrawerProps) {
  const utils = trpc.useUtils();
  const revoke = trpc.apiTokens.revoke.useMutation({
    onSuccess: (revoked) => {
      void utils.apiTokens.list.invalidate();
      onRevoked(revoked);
    },
  });
  const active = token?.state === "active";
  return (
    <Drawer
      open={token !== null}
      onClose={onClose}
      title={token ? `Token ${token.name}` : ""}
      description={
        active
          ? "Revoking stops it at once: the pipeline's next call is refused. This cannot be undone."
          : "This token can no longer be used."
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          {active ? (
            <Button
              variant="danger"
              aria-disabled={revoke.isPending}
              onClick={() => token && !revoke.isPending && revoke.mutate({ tokenId: token.id })}
            >
              {revoke.isPending ? "Revoking…" : "Revoke token"}
            </Button>
          ) : null}
        </>
      }
    >
      {revoke.error ? <RequestError error={describeClientError(revoke.error)} returnTo={returnTo} /> : null}
      {token ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-fg-muted">Token</dt>
          <dd>
            <code className="font-mono text-xs">{token.prefix}…</code>
          </dd>
          <dt className="text-fg-muted">Scopes</dt>
          <dd>{token.scopes.join(", ")}</dd>
          <dt className="text-fg-muted">Last used</dt>
          <dd>
            {token.lastUsedAt
              ? `${token.lastUsedAt.toLocaleString()} from ${token.lastUsedIp ?? "?"}`
              : "Never"}
          </dd>
          {token.revokedAt ? (
            <>
              <dt className="text-fg-muted">Revoked</dt>
              <dd>
                {token.revokedAt.toLocaleString()} by {token.revokedBy ?? "?"}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </Drawer>
  );
}
