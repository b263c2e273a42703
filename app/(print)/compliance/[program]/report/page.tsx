// The printable readiness report: everything on one page, without the portal's navigation, laid out for paper
// (print CSS: no buttons, items do not break across pages). Outside the (portal) group so no shell is printed.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/server/authz/page-access";
import { getProgram } from "@/server/compliance/get-program";
import {
  type ProgramView,
  proofStateLabels,
  readinessLevelLabels,
  requirementStatusLabels,
} from "@/server/compliance/schemas";
import { getPrisma } from "@/server/db";
import { blobStore } from "@/server/evidence/blob-store";
import { systemClock } from "@/server/lib/clock";
import { DomainError } from "@/server/lib/domain-error";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Readiness report" };

const pct = (value: number | null) => (value === null ? "n/a" : `${Math.round(value * 10) / 10}%`);
const iso = (date: Date) => `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
const cell = "border border-slate-300 px-2 py-1 align-top";
const head = `${cell} bg-slate-100 text-left font-semibold`;

async function load(slug: string): Promise<ProgramView> {
  try {
    return await getProgram(await getPrisma(), slug, { clock: systemClock, blobs: blobStore() });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function ReportPage({ params }: { params: Promise<{ program: string }> }) {
  const { program: slug } = await params;
  await requirePagePermission("compliance:read", `/compliance/${slug}/report`);
  const program = await load(slug);
  const generatedAt = systemClock.now();
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 bg-white p-8 text-sm text-slate-900 print:max-w-none print:p-0">
      <nav className="flex items-center justify-between gap-4 print:hidden" aria-label="Report actions">
        <Link href={`/compliance/${program.slug}`} className="text-accent hover:underline">
          ← Back to the program
        </Link>
        <PrintButton />
      </nav>
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{program.name}</h1>
        <p>
          Version {program.version} · {program.status} · owner {program.owner} · revision {program.revision}
        </p>
        <p className="text-slate-600">
          Program digest sha256:{program.contentSha256} · generated {iso(generatedAt)}
        </p>
        {program.description ? <p>{program.description}</p> : null}
        <p>
          <strong>Coverage {pct(program.coverage)}</strong> (computed: DONE 1, PARTIAL ½, TODO 0, DEFERRED
          left out) · items at their target {program.itemsAtTarget} of {program.items.length} · ready Demo{" "}
          {program.readyCounts.DEMO}, RFP {program.readyCounts.RFP}, Audit {program.readyCounts.AUDIT}
        </p>
      </header>

      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">Executive summary</h2>
        <table className="w-full border-collapse">
          <thead>
            <tr>
              <th scope="col" className={head}>
                Item
              </th>
              <th scope="col" className={head}>
                Description
              </th>
              <th scope="col" className={head}>
                Coverage
              </th>
              <th scope="col" className={head}>
                Status
              </th>
              <th scope="col" className={head}>
                Target
              </th>
              <th scope="col" className={head}>
                At target
              </th>
            </tr>
          </thead>
          <tbody>
            {program.items.map((item) => (
              <tr key={item.number}>
                <td className={cell}>{item.number}</td>
                <th scope="row" className={`${cell} text-left font-normal`}>
                  {item.summary || item.title}
                </th>
                <td className={cell}>
                  <div className="h-2 w-32 bg-slate-200 print:border print:border-slate-400">
                    <div className="h-2 bg-slate-700" style={{ width: `${item.coverage ?? 0}%` }} />
                  </div>
                  {pct(item.coverage)}
                </td>
                <td className={cell}>{item.status}</td>
                <td className={cell}>{readinessLevelLabels[item.targetLevel]}</td>
                <td className={cell}>{item.atTarget ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {program.items.map((item) => (
        <section key={item.number} className="flex flex-col gap-2 break-inside-avoid">
          <h2 className="text-base font-semibold">
            Item {item.number}: {item.title} — {pct(item.coverage)}
          </h2>
          {item.whyItMatters ? <p>Why it matters: {item.whyItMatters}</p> : null}
          <table className="w-full border-collapse">
            <thead>
              <tr>
                <th scope="col" className={head}>
                  Requirement
                </th>
                <th scope="col" className={head}>
                  Implementation
                </th>
                <th scope="col" className={head}>
                  Status
                </th>
                <th scope="col" className={head}>
                  Sprint
                </th>
                <th scope="col" className={head}>
                  Needed for
                </th>
              </tr>
            </thead>
            <tbody>
              {item.requirements.map((requirement) => (
                <tr key={requirement.id}>
                  <th scope="row" className={`${cell} text-left font-normal`}>
                    {requirement.title}
                  </th>
                  <td className={cell}>{requirement.implementation}</td>
                  <td className={cell}>{requirementStatusLabels[requirement.status]}</td>
                  <td className={cell}>{requirement.sprint}</td>
                  <td className={cell}>
                    {requirement.neededFor ? readinessLevelLabels[requirement.neededFor] : "deferred"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {item.proofs.length > 0 ? (
            <ul className="list-disc pl-5">
              {item.proofs.map((proof) => (
                <li key={proof.id}>
                  {proof.description}: <strong>{proofStateLabels[proof.state]}</strong>
                  {proof.evidenceSha256 ? ` (sha256:${proof.evidenceSha256})` : ""}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}

      <section className="flex flex-col gap-2 break-inside-avoid">
        <h2 className="text-lg font-semibold">Sprint allocation</h2>
        {program.phases.map((phase) => (
          <p key={phase.number}>
            <strong>
              Phase {phase.number}: {phase.name} ({readinessLevelLabels[phase.level]})
            </strong>{" "}
            — {phase.sprints.map((sprint) => `${sprint.code} (${sprint.status})`).join(", ")}
          </p>
        ))}
      </section>

      <section className="flex flex-col gap-2 break-inside-avoid">
        <h2 className="text-lg font-semibold">Documentation deliverables</h2>
        <ul className="list-disc pl-5">
          {program.deliverables.map((deliverable) => (
            <li key={deliverable.path}>
              {deliverable.title} — {deliverable.path} — {deliverable.status}
            </li>
          ))}
        </ul>
      </section>

      <section className="flex flex-col gap-2 break-inside-avoid">
        <h2 className="text-lg font-semibold">Stakeholder sign-off</h2>
        <table className="w-full border-collapse">
          <thead>
            <tr>
              <th scope="col" className={head}>
                Role
              </th>
              <th scope="col" className={head}>
                Signed by
              </th>
              <th scope="col" className={head}>
                When
              </th>
              <th scope="col" className={head}>
                Revision
              </th>
              <th scope="col" className={head}>
                Still matches
              </th>
            </tr>
          </thead>
          <tbody>
            {program.stakeholders.map((stakeholder) => {
              const last = program.signOffs.find((signOff) => signOff.stakeholderRole === stakeholder.role);
              return (
                <tr key={stakeholder.role}>
                  <th scope="row" className={`${cell} text-left font-normal`}>
                    {stakeholder.role}
                  </th>
                  <td className={cell}>{last?.signerName ?? "—"}</td>
                  <td className={cell}>{last ? iso(last.signedAt) : "—"}</td>
                  <td className={cell}>{last?.revision ?? "—"}</td>
                  <td className={cell}>
                    {last ? (last.state === "current" ? "yes" : last.state) : "not signed"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </main>
  );
}
