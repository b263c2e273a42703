"use client";

import { Download, ExternalLink, Send } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { ReleaseDetail } from "@/server/releases/schemas";
import { Digest, VerificationBadge } from "../release-badges";
import { GatesPanel } from "./gates-panel";
import { PromotionSection } from "./promotion-section";
import { VerificationReport } from "./verification-report";

const when = (at: Date) => <time dateTime={at.toISOString()}>{formatDateTime(at)}</time>;

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-fg-muted">{term}</dt>
      <dd className="min-w-0 break-words text-fg">{children}</dd>
    </>
  );
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function ReleaseDetailView({
  releaseId,
  canPublish,
  gates,
}: {
  releaseId: string;
  canPublish: boolean;
  /** what the viewer may do in the policy gates panel */
  gates: { canEvaluate: boolean; canSignVex: boolean };
}) {
  const here = `/releases/${releaseId}`;
  const release = trpc.releases.get.useQuery({ releaseId }, { refetchInterval: 20_000 });
  if (release.error) return <RequestError error={describeClientError(release.error)} returnTo={here} />;
  if (!release.data) return <p className="text-sm text-fg-muted">Loading…</p>;
  const data = release.data;
  return (
    <>
      <PageHeader
        title={
          <>
            {data.product} <span className="font-mono">{data.version}</span>
          </>
        }
        description={
          <>
            Registered {when(data.registeredAt)} by {data.registeredBy}. {data.verificationSummary}
          </>
        }
        actions={
          <span className="flex items-center gap-2">
            <VerificationBadge status={data.verificationStatus} flagged={data.report.flagged} />
            {data.publication ? <Badge tone="info">Published</Badge> : null}
          </span>
        }
        className="mb-0"
      />
      <Card aria-labelledby="release-facts">
        <CardHeader>
          <CardTitle id="release-facts">Release</CardTitle>
        </CardHeader>
        <CardBody>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <Fact term="Source commit">
              <Digest value={data.sourceCommit} label="source commit" />
            </Fact>
            <Fact term="CI run">
              {data.ciRunUrl ? (
                <a
                  href={data.ciRunUrl}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="inline-flex items-center gap-1 font-medium text-accent underline-offset-2 hover:underline"
                >
                  {data.ciRunId}
                  <ExternalLink className="size-3.5" aria-hidden="true" />
                  <span className="sr-only">(opens the CI system)</span>
                </a>
              ) : (
                data.ciRunId
              )}
            </Fact>
            <Fact term="Bundle digest">
              <span className="flex flex-col gap-0.5">
                <Digest value={data.bundleDigest} label="bundle digest" />
                <span className="text-xs text-fg-muted">
                  SHA-256 of SHA256SUMS: the artifacts approvals are bound to
                </span>
              </span>
            </Fact>
            <Fact term="Verification digest">
              <Digest value={data.verificationDigest} label="verification digest" />
            </Fact>
            <Fact term="Signed with">
              {[
                data.signed.checksumsSignature ? "SHA256SUMS.sig" : null,
                data.signed.manifest ? "manifest.dsse" : null,
              ]
                .filter(Boolean)
                .join(" and ") || "nothing (unsigned)"}
              {data.signed.publicKeyHint ? " · the bundle named its key in public-key.pem" : ""}
            </Fact>
          </dl>
        </CardBody>
      </Card>

      <PromotionSection releaseId={releaseId} />

      <GatesPanel
        release={{ id: releaseId, product: data.product, version: data.version }}
        canEvaluate={gates.canEvaluate}
        canSignVex={gates.canSignVex}
      />

      <VerificationReport report={data.report} />

      <Card aria-labelledby="release-artifacts">
        <CardHeader>
          <CardTitle id="release-artifacts">Artifacts</CardTitle>
          <p className="text-sm text-fg-muted">
            {data.artifacts.filter((artifact) => artifact.stored).length} of {data.artifacts.length} with
            their bytes in the portal's store
          </p>
        </CardHeader>
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-labelledby="release-artifacts">
            <thead className="border-b border-border bg-surface-muted">
              <tr>
                {["Path", "Size", "SHA-256", "Bytes"].map((title) => (
                  <th
                    key={title}
                    className="px-4 py-2 text-left text-xs font-semibold tracking-wide text-fg-muted uppercase"
                  >
                    {title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {data.artifacts.map((artifact) => (
                <tr key={artifact.path}>
                  <th
                    scope="row"
                    className="px-4 py-2 text-left font-mono text-xs font-normal [overflow-wrap:anywhere]"
                  >
                    {artifact.path}
                  </th>
                  <td className="px-4 py-2 whitespace-nowrap tabular-nums">{formatSize(artifact.size)}</td>
                  <td className="px-4 py-2">
                    <Digest value={artifact.sha256} label={`SHA-256 of ${artifact.path}`} />
                  </td>
                  <td className="px-4 py-2 text-fg-muted">{artifact.stored ? "stored" : "digest only"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <PublicationCard release={data} canPublish={canPublish} />
    </>
  );
}

function PublicationCard({ release, canPublish }: { release: ReleaseDetail; canPublish: boolean }) {
  const formId = useId();
  const utils = trpc.useUtils();
  const [target, setTarget] = useState("portal");
  const publish = trpc.releases.publish.useMutation({
    onSuccess: (detail) => utils.releases.get.setData({ releaseId: release.id }, detail),
  });
  const errors = formErrorsOf(publish.error);
  const publication = release.publication;
  return (
    <Card aria-labelledby="release-publication">
      <CardHeader>
        <CardTitle id="release-publication">Publication</CardTitle>
      </CardHeader>
      <CardBody className="flex flex-col gap-3 text-sm">
        {publication ? (
          <>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
              <Fact term="Bundle">{publication.bundleName}</Fact>
              <Fact term="SHA-256">
                <Digest value={publication.bundleDigest} label="SHA-256 of the published bundle" />
              </Fact>
              <Fact term="Size">{formatSize(publication.size)}</Fact>
              <Fact term="Published">
                {when(publication.publishedAt)} by {publication.publisher}
              </Fact>
              <Fact term="Target">{publication.target}</Fact>
              <Fact term="Download URL">
                <code className="font-mono text-xs break-all">{publication.downloadUrl}</code>
              </Fact>
            </dl>
            <p>
              <a className={buttonClasses("secondary")} href={`/releases/${release.id}/bundle`} download>
                <Download aria-hidden="true" />
                Download {publication.bundleName}
              </a>
            </p>
            <p className="text-xs text-fg-muted">
              The archive is deterministic: its SHA-256 is the one above every time. Unpacked,{" "}
              <code>sha256sum -c SHA256SUMS</code> checks the artifacts
              {release.artifacts.some((artifact) => !artifact.stored)
                ? " that were uploaded (artifacts registered by digest only are not in it)"
                : ""}
              .
            </p>
          </>
        ) : release.publishable ? (
          canPublish ? (
            <form
              id={formId}
              className="flex flex-col gap-3"
              onSubmit={(event) => {
                event.preventDefault();
                publish.mutate({ releaseId: release.id, target });
              }}
            >
              <p>In PROD and not yet published. Publishing records the bundle once; it cannot be redone.</p>
              {errors.alert ? (
                <RequestError error={errors.alert} returnTo={`/releases/${release.id}`} />
              ) : null}
              <div className="max-w-sm">
                <TextField
                  id={`${formId}-target`}
                  label="Target"
                  value={target}
                  onValue={setTarget}
                  hint="Where it goes out to (a channel, a mirror); the portal serves the bundle either way"
                  error={errors.fields.target}
                />
              </div>
              <p>
                <Button type="submit" disabled={publish.isPending}>
                  <Send aria-hidden="true" />
                  {publish.isPending ? "Publishing…" : "Publish"}
                </Button>
              </p>
            </form>
          ) : (
            <p>In PROD and not yet published; release engineers publish it.</p>
          )
        ) : (
          <p className="text-fg-muted">A release is published once it has reached PROD.</p>
        )}
      </CardBody>
    </Card>
  );
}
