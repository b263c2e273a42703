// A tracker as plain data: what the Markdown parser produces, what an import writes, what the exports render and
// what a sign-off signs (see contentOf). No ids and no database: two equal programs are equal documents.
import type { Role } from "../authz/permissions";
import type { JsonValue } from "../lib/canonical-json";
import type { ReadinessLevel, RequirementStatus } from "./vocabulary";

export type TrackerRequirement = {
  title: string;
  implementation: string;
  status: RequirementStatus;
  sprint: string;
  owner: string;
  notes: string;
  frameworks: string[];
};

export type TrackerProofArtifact = { description: string; evidenceSha256: string | null };

export type TrackerItem = {
  number: number;
  title: string;
  summary: string;
  whyItMatters: string;
  targetLevel: ReadinessLevel;
  /** what the document typed in (only kept to show where it disagrees with the computed value) */
  documentCoverage: number | null;
  documentStatus: string | null;
  requirements: TrackerRequirement[];
  proofArtifacts: TrackerProofArtifact[];
};

export type TrackerSprint = { code: string; module: string; description: string; status: string };

export type TrackerPhase = {
  number: number;
  name: string;
  code: string;
  target: string;
  level: ReadinessLevel;
  sprints: TrackerSprint[];
};

export type TrackerDeliverable = { title: string; path: string; status: string };
export type TrackerStakeholder = { role: string; portalRole: Role | null };
export type TrackerHistoryEntry = { date: string; version: string; author: string; changes: string };
export type TrackerExtraSection = { title: string; body: string };

export type TrackerDocument = {
  name: string;
  version: string;
  status: string;
  owner: string;
  description: string;
  createdOn: string | null;
  updatedOn: string | null;
  items: TrackerItem[];
  phases: TrackerPhase[];
  deliverables: TrackerDeliverable[];
  stakeholders: TrackerStakeholder[];
  documentHistory: TrackerHistoryEntry[];
  extraSections: TrackerExtraSection[];
};

/**
 * The program as it is signed and compared: everything people decided, without the numbers a document typed in
 * (coverage is computed from the requirements, which are included).
 */
export function contentOf(document: TrackerDocument): JsonValue {
  return {
    name: document.name,
    version: document.version,
    status: document.status,
    owner: document.owner,
    description: document.description,
    createdOn: document.createdOn,
    updatedOn: document.updatedOn,
    items: document.items.map((item) => ({
      number: item.number,
      title: item.title,
      summary: item.summary,
      whyItMatters: item.whyItMatters,
      targetLevel: item.targetLevel,
      requirements: item.requirements.map((requirement) => ({
        ...requirement,
        frameworks: [...requirement.frameworks],
      })),
      proofArtifacts: item.proofArtifacts.map((proof) => ({ ...proof })),
    })),
    phases: document.phases.map((phase) => ({
      ...phase,
      sprints: phase.sprints.map((sprint) => ({ ...sprint })),
    })),
    deliverables: document.deliverables.map((deliverable) => ({ ...deliverable })),
    stakeholders: document.stakeholders.map((stakeholder) => ({ ...stakeholder })),
    documentHistory: document.documentHistory.map((entry) => ({ ...entry })),
    extraSections: document.extraSections.map((section) => ({ ...section })),
  };
}
