"use client";

// The release's place in the promotion workflow. For now its lane; the promotion workflow (requests, approvals,
// history with attestations) takes this slot over.
import { trpc } from "@/components/trpc/client";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ReleaseLane } from "../release-badges";

export function PromotionSection({ releaseId }: { releaseId: string }) {
  const release = trpc.releases.get.useQuery({ releaseId });
  if (!release.data) return null;
  return (
    <Card aria-labelledby="release-promotion">
      <CardHeader>
        <CardTitle id="release-promotion">Promotion</CardTitle>
      </CardHeader>
      <CardBody>
        <ReleaseLane
          stages={release.data.stages}
          label={`Pipeline of ${release.data.product} ${release.data.version}`}
        />
      </CardBody>
    </Card>
  );
}
