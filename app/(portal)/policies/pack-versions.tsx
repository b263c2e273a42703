"use client";

// A pack's versions, newest first, with their comments and where they came from (edited here, or imported from a
// signed file and the key that signed it), and a line diff between any two of them.
import { useId, useMemo, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { foldUnchanged, lineDiff, prettyJson } from "@/components/gates/line-diff";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import type { PackRow } from "./pack-types";

function VersionDiff({ pack }: { pack: PackRow }) {
  const id = useId();
  const versions = pack.versions;
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version ?? 1);
  const [to, setTo] = useState(versions[0]?.version ?? 1);
  const lines = useMemo(() => {
    const before = versions.find((version) => version.version === from);
    const after = versions.find((version) => version.version === to);
    return before && after ? lineDiff(prettyJson(before.document), prettyJson(after.document)) : [];
  }, [versions, from, to]);
  const changed = lines.filter((line) => line.kind !== "same").length;
  const options = versions.map((version) => (
    <option key={version.version} value={version.version}>
      v{version.version}
    </option>
  ));
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-2">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-fg">
        Compare versions
      </h3>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-from`} className="text-sm font-medium">
            From
          </label>
          <Select
            id={`${id}-from`}
            value={from}
            onChange={(e) => setFrom(Number(e.target.value))}
            className="w-28"
          >
            {options}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-to`} className="text-sm font-medium">
            To
          </label>
          <Select id={`${id}-to`} value={to} onChange={(e) => setTo(Number(e.target.value))} className="w-28">
            {options}
          </Select>
        </div>
        <p className="text-sm text-fg-muted" aria-live="polite">
          {changed === 0 ? "No difference" : `${changed} changed lines`}
        </p>
      </div>
      {/* focusable: the region scrolls, and a keyboard must reach it */}
      <section
        aria-label={`Difference between v${from} and v${to}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached by keyboard to scroll it
        tabIndex={0}
        className="max-h-96 overflow-auto rounded-md border border-border bg-surface-muted p-3 font-mono text-xs leading-5 whitespace-pre"
      >
        {foldUnchanged(lines).map((line, index) =>
          line.kind === "skipped" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of a diff have no identity beyond their place
            <div key={index} className="text-fg-subtle italic">
              {`  … ${line.count} unchanged lines`}
            </div>
          ) : (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of a diff have no identity beyond their place
              key={index}
              className={
                line.kind === "added"
                  ? "bg-ok-soft text-ok-fg"
                  : line.kind === "removed"
                    ? "bg-bad-soft text-bad-fg"
                    : "text-fg-muted"
              }
            >
              <span aria-hidden="true">
                {line.kind === "added" ? "+ " : line.kind === "removed" ? "- " : "  "}
              </span>
              <span className="sr-only">{line.kind === "same" ? "" : `${line.kind}: `}</span>
              {line.text}
            </div>
          ),
        )}
      </section>
    </section>
  );
}

export function PackVersions({ pack }: { pack: PackRow }) {
  return (
    <Card aria-labelledby="pack-versions">
      <CardHeader>
        <CardTitle id="pack-versions">Versions of {pack.name}</CardTitle>
      </CardHeader>
      <CardBody className="flex flex-col gap-4">
        <ol aria-label={`Versions of ${pack.name}`} className="flex flex-col gap-2">
          {pack.versions.map((version) => (
            <li
              key={version.id}
              className="flex flex-col gap-0.5 rounded-md border border-border px-3 py-2 text-sm"
            >
              <span className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">v{version.version}</span>
                <Badge tone={version.source === "IMPORTED" ? "info" : "neutral"}>
                  {version.source === "IMPORTED" ? "imported" : "edited"}
                </Badge>
                {version.importedKeyId ? (
                  <span className="text-xs text-fg-muted">
                    signed by key <span className="font-mono">{version.importedKeyId}</span>
                  </span>
                ) : null}
                <span className="text-xs text-fg-muted">
                  {version.createdByName}, {formatDateTime(version.createdAt)}
                </span>
              </span>
              <span>{version.comment}</span>
              <span className="font-mono text-xs break-all text-fg-subtle">
                sha256 {version.documentSha256}
              </span>
            </li>
          ))}
        </ol>
        {pack.versions.length > 1 ? <VersionDiff pack={pack} /> : null}
      </CardBody>
    </Card>
  );
}
