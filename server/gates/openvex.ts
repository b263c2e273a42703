// Reads an OpenVEX v0.2.0 document into statements the VEX rules apply: each product reduced to the identifiers a
// release can be matched on (purl, `sha256:<hex>` digest, or its @id), with the spec's per-status requirements.
import { z } from "zod";
import { sha256Digest } from "./cyclonedx-shape";
import { type DocumentProblem, type ParseResult, parsed, problemsFromZod, readJson } from "./parse-result";
import { readScanTime } from "./scan-time";

export const VEX_STATUSES = ["not_affected", "affected", "fixed", "under_investigation"] as const;
export type VexStatus = (typeof VEX_STATUSES)[number];

export const VEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
] as const;

export type VexProduct = { ids: string[]; subcomponents: string[][] };

export type VexStatement = {
  /** position in the document, so a reason can point at it */
  index: number;
  vulnerability: string;
  aliases: string[];
  products: VexProduct[];
  status: VexStatus;
  justification: string | null;
  impactStatement: string | null;
  actionStatement: string | null;
  /** the statement's own time, else the document's (ISO) */
  timestamp: string;
};

export type VexDocument = { id: string; author: string; timestamp: string; statements: VexStatement[] };

const ZIdentified = z.looseObject({
  "@id": z.string().optional(),
  identifiers: z.looseObject({ purl: z.string().optional() }).optional(),
  hashes: z.looseObject({ "sha-256": z.string().optional() }).optional(),
});

const ZStatement = z.looseObject({
  vulnerability: z.looseObject({
    name: z.string().min(1),
    "@id": z.string().optional(),
    aliases: z.array(z.string()).optional(),
  }),
  products: z.array(ZIdentified.extend({ subcomponents: z.array(ZIdentified).optional() })).min(1),
  status: z.enum(VEX_STATUSES),
  justification: z.enum(VEX_JUSTIFICATIONS).optional(),
  impact_statement: z.string().optional(),
  /** free text; the portal puts an officer's impact words here when a justification takes impact_statement's place */
  status_notes: z.string().optional(),
  action_statement: z.string().optional(),
  timestamp: z.string().optional(),
});

const ZOpenVex = z.looseObject({
  "@context": z
    .string()
    .regex(/^https:\/\/openvex\.dev\/ns(\/v0\.2\.\d+)?$/, "must be the OpenVEX v0.2 context"),
  "@id": z.string().min(1),
  author: z.string().min(1),
  timestamp: z.string(),
  version: z.number().int().min(1),
  statements: z.array(ZStatement).min(1),
});

function identifiersOf(element: z.infer<typeof ZIdentified>): string[] {
  const ids = [element["@id"], element.identifiers?.purl];
  const hash = element.hashes?.["sha-256"];
  ids.push(hash ? (sha256Digest(hash) ?? undefined) : undefined);
  return [
    ...new Set(ids.filter((id): id is string => Boolean(id)).map((id) => sha256Digest(id) ?? id)),
  ].sort();
}

function statusProblems(statement: z.infer<typeof ZStatement>, index: number): DocumentProblem[] {
  const path = `statements[${index}]`;
  if (statement.status === "not_affected" && !statement.justification && !statement.impact_statement) {
    return [
      {
        path: `${path}.justification`,
        message: "a not_affected statement needs a justification or an impact_statement",
      },
    ];
  }
  if (statement.status === "affected" && !statement.action_statement) {
    return [{ path: `${path}.action_statement`, message: "an affected statement needs an action_statement" }];
  }
  return [];
}

export function parseOpenVex(input: unknown): ParseResult<VexDocument> {
  const json = readJson(input);
  if (!json.ok) return json;
  const result = ZOpenVex.safeParse(json.value);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error) };
  const document = result.data;
  const documentTime = readScanTime(document.timestamp, "timestamp");
  if (!documentTime.ok) return { ok: false, problems: [documentTime.problem] };
  const problems: DocumentProblem[] = [];
  const statements: VexStatement[] = document.statements.map((statement, index) => {
    problems.push(...statusProblems(statement, index));
    const own = readScanTime(statement.timestamp, `statements[${index}].timestamp`);
    if (!own.ok) problems.push(own.problem);
    return {
      index,
      vulnerability: statement.vulnerability.name,
      aliases: [...(statement.vulnerability.aliases ?? [])].sort(),
      products: statement.products.map((product) => ({
        ids: identifiersOf(product),
        subcomponents: (product.subcomponents ?? []).map(identifiersOf),
      })),
      status: statement.status,
      justification: statement.justification ?? null,
      // shown beside the finding: the spec's impact statement, else the notes (where the portal keeps the officer's
      // words beside a justification, OpenVEX allowing only one of the two)
      impactStatement: statement.impact_statement ?? statement.status_notes ?? null,
      actionStatement: statement.action_statement ?? null,
      timestamp: (own.ok ? own.at : null) ?? (documentTime.at as string),
    };
  });
  if (problems.length > 0) return { ok: false, problems };
  return parsed({
    id: document["@id"],
    author: document.author,
    timestamp: documentTime.at as string,
    statements,
  });
}
