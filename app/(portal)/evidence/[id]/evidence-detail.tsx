"use client";

import { Download, RefreshCw } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatDateTime, formatTimestamp } from "@/components/format/date-time";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { formatBytes } from "@/server/evidence/format-bytes";
import type { EvidenceLinkView } from "@/server/evidence/schemas";
import { linkTargetLabels } from "@/server/evidence/vocabulary";
import { BlobStateBadge, KindBadge } from "../evidence-labels";

function hrefOf(link: EvidenceLinkView): string {
  switch (link.target) {
    case "release":
      return `/evidence?${new URLSearchParams({ release: link.id })}`;
    case "proofArtifact":
      return `/compliance/${link.programSlug}`;
    case "breakGlassSession":
      return `/break-glass/${link.id}`;
  }
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-fg-muted">{term}</dt>
      <dd className="min-w-0 text-fg">{children}</dd>
    </>
  );
}

function FullDigest({ value, label }: { value: string; label: string }) {
  return (
    <span className="flex items-start gap-1">
      <code
        className="font-mono text-xs break-all select-all"
        data-testid={label === "SHA-256" ? "evidence-sha256" : undefined}
      >
        {value}
      </code>
      <CopyButton value={value} label={`Copy ${label}`} />
    </span>
  );
}

export function EvidenceDetailView({ id }: { id: string }) {
  const here = `/evidence/${id}`;
  const evidence = trpc.evidence.get.useQuery({ id });
  const check = trpc.evidence.check.useQuery({ id }, { enabled: evidence.isSuccess });
  if (evidence.error) return <RequestError error={describeClientError(evidence.error)} returnTo={here} />;
  if (!evidence.data) return <p className="text-sm text-fg-muted">Loading…</p>;
  const item = evidence.data;
  return (
    <>
      <PageHeader
        title={item.fileName}
        description={item.description || undefined}
        actions={
          <a className={buttonClasses("secondary")} href={`/evidence/${item.id}/content`} download>
            <Download aria-hidden="true" />
            Download
          </a>
        }
      />
      <div className="grid gap-5 lg:grid-cols-3">
        <Card className="lg:col-span-2" aria-labelledby="evidence-facts">
          <CardHeader>
            <CardTitle id="evidence-facts">Evidence</CardTitle>
            <KindBadge kind={item.kind} />
          </CardHeader>
          <CardBody>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <Fact term="SHA-256">
                <FullDigest value={item.sha256} label="SHA-256" />
              </Fact>
              <Fact term="Size">
                {formatBytes(item.size)}
                {item.size >= 1024 ? (
                  <span className="text-fg-muted"> ({item.size.toLocaleString()} bytes)</span>
                ) : null}
              </Fact>
              <Fact term="Media type">
                <code className="font-mono text-xs">{item.mediaType}</code>
              </Fact>
              <Fact term="Subject">
                {item.subjectDigest ? <FullDigest value={item.subjectDigest} label="subject digest" /> : "—"}
              </Fact>
              <Fact term="Producer">{item.producerName}</Fact>
              <Fact term="Uploaded">
                <time dateTime={item.createdAt.toISOString()}>{formatTimestamp(item.createdAt)}</time>
              </Fact>
              {item.bundleId ? (
                <Fact term="Export of">
                  <Link
                    className="underline underline-offset-2"
                    href={`/evidence/bundles?${new URLSearchParams({ bundle: item.bundleId })}`}
                  >
                    an evidence bundle
                  </Link>
                </Fact>
              ) : null}
            </dl>
          </CardBody>
        </Card>

        <Card aria-labelledby="evidence-verification">
          <CardHeader>
            <CardTitle id="evidence-verification">Verification</CardTitle>
            <Button
              variant="ghost"
              size="sm"
              aria-disabled={check.isFetching}
              onClick={() => {
                if (!check.isFetching) void check.refetch();
              }}
            >
              <RefreshCw
                aria-hidden="true"
                className={check.isFetching ? "motion-safe:animate-spin" : undefined}
              />
              Check again
            </Button>
          </CardHeader>
          <CardBody className="flex flex-col gap-2 text-sm" aria-live="polite">
            {check.error ? <RequestError error={describeClientError(check.error)} returnTo={here} /> : null}
            {check.data ? (
              <>
                <span data-testid="blob-state">
                  <BlobStateBadge state={check.data.state} />
                </span>
                <p className="text-fg">{check.data.detail}</p>
                <p className="text-xs text-fg-muted">
                  Re-hashed from the blob store at{" "}
                  <time dateTime={check.data.checkedAt.toISOString()}>
                    {formatTimestamp(check.data.checkedAt)}
                  </time>
                </p>
              </>
            ) : !check.error ? (
              <p className="text-fg-muted">Hashing the stored bytes…</p>
            ) : null}
          </CardBody>
        </Card>

        <Card className="lg:col-span-2" aria-labelledby="evidence-links">
          <CardHeader>
            <CardTitle id="evidence-links">Linked to</CardTitle>
          </CardHeader>
          <CardBody>
            {item.links.length === 0 ? (
              <p className="text-sm text-fg-muted">
                Nothing yet. Uploading the same file again with a link adds it.
              </p>
            ) : (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
                {item.links.map((link) => (
                  <Fact key={`${link.target}-${link.id}`} term={linkTargetLabels[link.target]}>
                    <Link className="underline underline-offset-2" href={hrefOf(link)}>
                      {link.label}
                    </Link>
                  </Fact>
                ))}
              </dl>
            )}
          </CardBody>
        </Card>

        <Card aria-labelledby="evidence-bundles">
          <CardHeader>
            <CardTitle id="evidence-bundles">In bundles</CardTitle>
          </CardHeader>
          <CardBody>
            {item.bundles.length === 0 ? (
              <p className="text-sm text-fg-muted">Not exported yet.</p>
            ) : (
              <ul className="flex flex-col gap-2 text-sm">
                {item.bundles.map((bundle) => (
                  <li key={bundle.id} className="flex flex-col">
                    <a
                      className="underline underline-offset-2"
                      href={`/evidence/bundles/${bundle.id}/download`}
                    >
                      {bundle.title}
                    </a>
                    <span className="text-xs text-fg-muted">
                      {formatDateTime(bundle.createdAt)} · <code className="font-mono">{bundle.path}</code>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
