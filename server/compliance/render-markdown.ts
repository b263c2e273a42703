// Writes a program back as Markdown in the tracker's own shape, so parseTracker reads it to the same document
// (round-trip stable: render(parse(render(x))) === render(x)). Coverage and status columns carry the computed
// values, never the numbers a document once typed in.
import type { TrackerDocument, TrackerItem } from "./document";
import { formatCoverage, summarizeProgram } from "./policy";
import { readinessLevelLabels } from "./vocabulary";

const cell = (text: string) => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").trim();

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

function requirementTable(item: TrackerItem): string[] {
  const has = (pick: (r: TrackerItem["requirements"][number]) => string) =>
    item.requirements.some((requirement) => pick(requirement) !== "");
  const owner = has((r) => r.owner);
  const notes = has((r) => r.notes);
  const frameworks = has((r) => r.frameworks.join(" "));
  const header = [
    "Requirement",
    "Implementation",
    "Status",
    "Sprint",
    ...(owner ? ["Owner"] : []),
    ...(notes ? ["Notes"] : []),
    ...(frameworks ? ["Frameworks"] : []),
  ];
  return table(
    header,
    item.requirements.map((r) => [
      r.title,
      r.implementation,
      r.status,
      r.sprint,
      ...(owner ? [r.owner] : []),
      ...(notes ? [r.notes] : []),
      ...(frameworks ? [r.frameworks.join(", ")] : []),
    ]),
  );
}

function fenceFor(body: string): string {
  let fence = "```";
  while (body.includes(fence)) fence += "`";
  return fence;
}

export function renderTrackerMarkdown(document: TrackerDocument): string {
  const summary = summarizeProgram(document);
  const out: string[] = [];
  out.push(`# ${document.name}`, "");
  const meta = [`Version: ${document.version}`];
  if (document.createdOn) meta.push(`Created: ${document.createdOn}`);
  if (document.updatedOn) meta.push(`Last Updated: ${document.updatedOn}`);
  meta.push(`Status: ${document.status}`);
  if (document.owner) meta.push(`Owner: ${document.owner}`);
  out.push(meta.join(" "), "");
  if (document.description) out.push(document.description, "");

  out.push("## Executive Summary", "");
  out.push(
    ...table(
      ["Item", "Description", "Coverage", "Status", "Target"],
      document.items.map((item, index) => {
        const computed = summary.items[index];
        return [
          String(item.number),
          item.summary,
          formatCoverage(computed?.coverage ?? null),
          computed?.status ?? "",
          readinessLevelLabels[item.targetLevel],
        ];
      }),
    ),
    "",
  );

  if (document.phases.length > 0) {
    out.push("## Sprint Allocation", "");
    for (const phase of document.phases) {
      out.push(`### Phase ${phase.number}: ${phase.name}${phase.code ? ` (${phase.code})` : ""}`, "");
      if (phase.target) out.push(`Target: ${phase.target}`, "");
      if (phase.sprints.length > 0) {
        out.push(
          ...table(
            ["Sprint", "Module", "Description", "Status"],
            phase.sprints.map((sprint) => [sprint.code, sprint.module, sprint.description, sprint.status]),
          ),
          "",
        );
      }
    }
  }

  out.push("## Detailed Item Status", "");
  for (const item of document.items) {
    out.push(`### Item ${item.number}: ${item.title}`, "");
    if (item.whyItMatters) out.push(`Why it matters: ${item.whyItMatters}`, "");
    if (item.requirements.length > 0) out.push(...requirementTable(item), "");
    if (item.proofArtifacts.length > 0) {
      out.push("Proof Artifacts:", "");
      for (const proof of item.proofArtifacts) {
        out.push(
          `- ${proof.description.replace(/\r?\n/g, " ")}${proof.evidenceSha256 ? ` (evidence sha256:${proof.evidenceSha256})` : ""}`,
        );
      }
      out.push("");
    }
  }

  if (document.deliverables.length > 0) {
    out.push("## Documentation Deliverables", "");
    out.push(
      ...table(
        ["Document", "Path", "Status"],
        document.deliverables.map((deliverable) => [deliverable.title, deliverable.path, deliverable.status]),
      ),
      "",
    );
  }

  for (const section of document.extraSections) {
    // always fenced, even when empty: the fence is what ends the section when it is read back
    const fence = fenceFor(section.body);
    out.push(`## ${section.title}`, "", `${fence}text`, ...(section.body ? [section.body] : []), fence, "");
  }

  if (document.stakeholders.length > 0) {
    out.push("## Stakeholder Sign-Off", "");
    out.push(
      ...table(
        ["Role", "Portal Role"],
        document.stakeholders.map((stakeholder) => [
          stakeholder.role,
          stakeholder.portalRole ?? "any signer",
        ]),
      ),
      "",
    );
  }

  if (document.documentHistory.length > 0) {
    out.push("## Change Log", "");
    out.push(
      ...table(
        ["Date", "Version", "Author", "Changes"],
        document.documentHistory.map((entry) => [entry.date, entry.version, entry.author, entry.changes]),
      ),
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}
