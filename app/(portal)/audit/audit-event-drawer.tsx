"use client";

import { skipToken } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, LoaderCircle, ShieldAlert, ShieldCheck } from "lucide-react";
import type { ReactNode } from "react";
import { formatTimestamp } from "@/components/format/date-time";
import { InclusionProofPanel } from "@/components/proofs/inclusion-proof-panel";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import type { AuditEventDetail } from "@/server/audit/schemas";
import { ActionBadge, RoleBadges } from "./audit-badges";
import { subjectLabel } from "./audit-columns";

const preClass =
  "max-h-80 overflow-auto rounded-md border border-border bg-surface-muted p-3 text-hash whitespace-pre-wrap text-fg";

export type AuditEventDrawerProps = {
  seq: number | null;
  onClose: () => void;
  /** Walk the chain: open the event before or after this one. */
  onNavigate: (seq: number) => void;
  /** Where to come back to after confirming identity. */
  returnTo: string;
};

export function AuditEventDrawer({ seq, onClose, onNavigate, returnTo }: AuditEventDrawerProps) {
  const event = trpc.audit.get.useQuery(seq === null ? skipToken : { seq });

  return (
    <Drawer
      open={seq !== null}
      onClose={onClose}
      size="lg"
      title={`Event #${seq ?? ""}`}
      description="As stored in the append-only log, with the exact bytes its hash covers."
      footer={
        seq === null ? null : (
          <>
            {seq > 1 ? (
              <Button variant="secondary" size="sm" onClick={() => onNavigate(seq - 1)}>
                <ChevronLeft aria-hidden="true" />
                Event #{seq - 1}
              </Button>
            ) : null}
            <Button variant="secondary" size="sm" onClick={() => onNavigate(seq + 1)}>
              Event #{seq + 1}
              <ChevronRight aria-hidden="true" />
            </Button>
          </>
        )
      }
    >
      {event.data ? (
        <EventDetail event={event.data} />
      ) : event.error ? (
        <RequestError error={describeClientError(event.error)} returnTo={returnTo} />
      ) : (
        <p role="status" className="flex items-center gap-2 py-6 text-sm text-fg-muted">
          <LoaderCircle className="size-4 motion-safe:animate-spin" aria-hidden="true" />
          Loading event…
        </p>
      )}
    </Drawer>
  );
}

function EventDetail({ event }: { event: AuditEventDetail }) {
  const iso = event.occurredAt.toISOString();
  return (
    <div className="flex flex-col gap-6">
      <div>
        {event.hashMatches ? (
          <Badge tone="ok">
            <ShieldCheck aria-hidden="true" />
            hash matches its content
          </Badge>
        ) : (
          <Badge tone="bad">
            <ShieldAlert aria-hidden="true" />
            hash does NOT match — this event was altered
          </Badge>
        )}
      </div>

      <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-4 gap-y-2.5 text-sm">
        <Field label="Sequence">
          <span className="font-mono">#{event.seq}</span>
        </Field>
        <Field label="Time">
          <time dateTime={iso}>{formatTimestamp(event.occurredAt)}</time>
          <span className="block text-hash text-fg-muted">{iso}</span>
        </Field>
        <Field label="Actor">
          <span className="flex flex-col gap-1">
            <span>{event.actor.name}</span>
            {event.actor.id ? <span className="text-hash text-fg-muted">{event.actor.id}</span> : null}
            <RoleBadges roles={event.actor.roles} />
          </span>
        </Field>
        <Field label="Action">
          <ActionBadge action={event.action} />
        </Field>
        <Field label="Subject">
          <span className="text-hash">{subjectLabel(event.subject)}</span>
        </Field>
        <Field label="Request id">
          <span className="text-hash">{event.requestId ?? "—"}</span>
        </Field>
        <Field label="IP address">
          <span className="text-hash">{event.ip ?? "—"}</span>
        </Field>
        <Field label="User agent">
          <span className="break-words text-fg-muted">{event.userAgent ?? "—"}</span>
        </Field>
      </dl>

      <Block id="audit-event-payload" title="Payload">
        <pre className={preClass}>{JSON.stringify(event.payload, null, 2)}</pre>
      </Block>

      <Block
        id="audit-event-canonical"
        title="Canonical JSON"
        note="RFC 8785 canonical form of the event: these exact bytes are what its SHA-256 hash covers."
      >
        <pre className={preClass}>{event.canonicalJson}</pre>
      </Block>

      <Block id="audit-event-hashes" title="Hash chain">
        <dl className="flex flex-col gap-3 text-sm">
          <div>
            <dt className="text-fg-muted">
              Previous hash {event.seq > 1 ? `(event #${event.seq - 1})` : "(genesis)"}
            </dt>
            <dd className="mt-0.5 text-hash text-fg">{event.prevHash}</dd>
          </div>
          <div>
            <dt className="text-fg-muted">Hash</dt>
            <dd className="mt-0.5 text-hash text-fg">{event.hash}</dd>
          </div>
        </dl>
      </Block>

      <Block
        id="audit-event-inclusion"
        title="Inclusion proof"
        note="This event's place in the Merkle tree of the latest signed checkpoint, checked in your browser."
      >
        <InclusionProofPanel seq={event.seq} />
      </Block>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-fg-muted">{label}</dt>
      <dd className="min-w-0 text-fg">{children}</dd>
    </>
  );
}

function Block({
  id,
  title,
  note,
  children,
}: {
  id: string;
  title: string;
  note?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <div>
        <h3 id={id} className="text-sm font-semibold text-fg">
          {title}
        </h3>
        {note ? <p className="text-xs text-fg-muted">{note}</p> : null}
      </div>
      {children}
    </section>
  );
}
