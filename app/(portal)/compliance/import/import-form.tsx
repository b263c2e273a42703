"use client";

// Import a tracker written in Markdown: preview first (what would be created, typed-in vs computed coverage, or
// the errors by line number), then import all of it or nothing.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { readinessLevelLabels } from "@/server/compliance/schemas";
import { coverageText } from "../compliance-format";

export function ImportForm() {
  const router = useRouter();
  const textId = useId();
  const fileId = useId();
  const slugId = useId();
  const [markdown, setMarkdown] = useState("");
  const [slug, setSlug] = useState("");
  const preview = trpc.compliance.previewImport.useMutation();
  const importing = trpc.compliance.import.useMutation({
    onSuccess: (result) => router.push(`/compliance/${result.slug}`),
  });
  const input = { markdown, slug: slug.trim() || undefined };
  const previewErrors = formErrorsOf(preview.error);
  const importErrors = formErrorsOf(importing.error);
  const result = preview.data;
  const canImport = result?.ok === true && !result.slugTaken && preview.variables?.markdown === markdown;
  const importDetails = (
    importing.error?.data as { details?: { errors?: { line: number; message: string }[] } } | undefined
  )?.details?.errors;
  const lineErrors = result && !result.ok ? result.errors : (importDetails ?? null);

  return (
    <>
      <PageHeader
        title="Import a readiness tracker"
        description="Paste a tracker in Markdown (title and Version line, Executive Summary, Sprint Allocation, Detailed Item Status with one requirement table per item, Proof Artifacts, Documentation Deliverables, Stakeholder Sign-Off, Change Log). Coverage is computed from the requirement statuses; percentages typed in the document are only shown for comparison."
      />
      <Card>
        <CardBody className="flex flex-col gap-4">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={fileId}>Tracker file</Label>
            <Input
              id={fileId}
              type="file"
              accept=".md,.markdown,.txt,text/markdown,text/plain"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                if (file) setMarkdown(await file.text());
              }}
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={textId} required>
              Tracker (Markdown)
            </Label>
            <textarea
              id={textId}
              required
              value={markdown}
              onChange={(event) => setMarkdown(event.target.value)}
              rows={14}
              spellCheck={false}
              aria-invalid={previewErrors.fields.markdown ? true : undefined}
              className="w-full rounded-md border border-border-strong bg-surface px-3 py-2 font-mono text-xs text-fg shadow-sm"
            />
            {previewErrors.fields.markdown ? (
              <p className="text-xs font-medium text-bad-fg">{previewErrors.fields.markdown}</p>
            ) : null}
          </div>
          <div className="flex max-w-sm flex-col gap-1.5">
            <Label htmlFor={slugId}>Short name (optional)</Label>
            <Input
              id={slugId}
              value={slug}
              onChange={(event) => setSlug(event.target.value)}
              placeholder="derived from the title"
              hint="Used in the address: /compliance/<short name>"
              error={previewErrors.fields.slug ?? importErrors.fields.slug}
            />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              disabled={!markdown || preview.isPending}
              onClick={() => preview.mutate(input)}
            >
              {preview.isPending ? "Reading…" : "Preview"}
            </Button>
            <Button disabled={!canImport || importing.isPending} onClick={() => importing.mutate(input)}>
              {importing.isPending ? "Importing…" : "Import"}
            </Button>
          </div>
          {previewErrors.alert ? (
            <RequestError error={previewErrors.alert} returnTo="/compliance/import" />
          ) : null}
          {importErrors.alert ? (
            <RequestError error={importErrors.alert} returnTo="/compliance/import" />
          ) : null}
        </CardBody>
      </Card>

      {lineErrors ? (
        <Card className="mt-5 border-bad-line">
          <CardHeader>
            <CardTitle>
              Nothing can be imported: {lineErrors.length} problem{lineErrors.length === 1 ? "" : "s"}
            </CardTitle>
          </CardHeader>
          <CardBody>
            <ol aria-label="Problems by line" className="flex flex-col gap-1 text-sm">
              {lineErrors.map((error) => (
                <li key={`${error.line}-${error.message}`}>
                  <span className="font-mono font-medium text-bad-fg">line {error.line}:</span>{" "}
                  {error.message}
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      ) : null}

      {result?.ok ? (
        <Card className="mt-5">
          <CardHeader>
            <CardTitle>
              Preview: {result.name} {result.version} → /compliance/{result.slug}
            </CardTitle>
          </CardHeader>
          <CardBody className="flex flex-col gap-3 text-sm">
            {result.slugTaken ? (
              <p role="alert" className="font-medium text-bad-fg">
                A program named “{result.slug}” exists already: choose another short name.
              </p>
            ) : null}
            <p>
              Will create {result.counts.items} items with {result.counts.requirements} requirements,{" "}
              {result.counts.phases} phases with {result.counts.sprints} sprints,{" "}
              {result.counts.proofArtifacts} proof artifacts, {result.counts.deliverables} documentation
              deliverables and {result.counts.stakeholders} stakeholder roles. Computed program coverage:{" "}
              {coverageText(result.coverage)}.
            </p>
            {result.warnings.map((warning) => (
              <p key={`${warning.line}-${warning.message}`} className="text-warn-fg">
                line {warning.line}: {warning.message}
              </p>
            ))}
            <div className="overflow-x-auto rounded-md border border-border">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Items to import</caption>
                <thead className="bg-surface-muted text-xs font-semibold text-fg-muted uppercase">
                  <tr>
                    <th scope="col" className="px-3 py-2">
                      Item
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Title
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Target
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      Requirements
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Coverage
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Status
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.items.map((item) => {
                    const computed =
                      item.computedCoverage === null ? null : Math.round(item.computedCoverage * 10) / 10;
                    const differs = item.typedCoverage !== null && item.typedCoverage !== computed;
                    return (
                      <tr key={item.number} className="border-t border-border">
                        <td className="px-3 py-2 tabular-nums">{item.number}</td>
                        <th scope="row" className="px-3 py-2 font-medium">
                          {item.title}
                        </th>
                        <td className="px-3 py-2">{readinessLevelLabels[item.targetLevel]}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{item.requirements}</td>
                        <td className={differs ? "px-3 py-2 text-warn-fg" : "px-3 py-2"}>
                          {differs
                            ? `typed in the document: ${item.typedCoverage}%, computed: ${coverageText(item.computedCoverage)}`
                            : coverageText(item.computedCoverage)}
                        </td>
                        <td className="px-3 py-2">
                          {item.typedStatus && item.typedStatus !== item.computedStatus
                            ? `${item.typedStatus} (computed: ${item.computedStatus})`
                            : item.computedStatus}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}
