// The fields of an evidence upload as multipart/form-data, the same for the REST API and the browser form:
//   file (required)          the evidence; its filename and Content-Type are used unless overridden
//   kind (required)          SBOM | ATTESTATION | SCAN_REPORT | RELEASE_BUNDLE | AUDIT_EXPORT | OTHER
//   subjectDigest            what it is about, e.g. sha256:<hex> of an image
//   description, mediaType, fileName
//   releaseId, proofArtifactId, breakGlassSessionId   links (each may repeat)
//   release                  a release as <product>@<version> (what a pipeline knows), may repeat
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { formatBytes } from "./policy";
import type { UploadEvidenceMeta } from "./schemas";

const text = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};
const texts = (form: FormData, name: string): string[] =>
  form
    .getAll(name)
    .filter((value): value is string => typeof value === "string")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);

export function uploadTooLarge(maxUploadBytes: number): () => string {
  return () => `The upload is larger than ${formatBytes(maxUploadBytes)}, the most evidence may be`;
}

export async function readUploadForm(
  prisma: PortalPrisma,
  form: FormData,
): Promise<{ meta: UploadEvidenceMeta; bytes: Uint8Array }> {
  const file = form.get("file");
  if (!(file instanceof Blob)) {
    throw new DomainError("BAD_REQUEST", 'Attach the evidence as a file field named "file"', {
      field: "file",
    });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const partName = file instanceof File ? file.name : "";
  // browsers and curl label unknown files application/octet-stream: that says nothing, so it is not a claim
  const partType = file.type && file.type !== "application/octet-stream" ? file.type : "";
  const releaseIds = [...texts(form, "releaseId"), ...(await releasesByName(prisma, texts(form, "release")))];
  return {
    bytes,
    meta: {
      // upper-cased so "sbom" works from a shell; an unknown kind is refused by the schema, naming the known ones
      kind: (text(form, "kind")?.trim().toUpperCase() || undefined) as UploadEvidenceMeta["kind"],
      fileName: text(form, "fileName")?.trim() || partName,
      mediaType: text(form, "mediaType")?.trim() || partType,
      subjectDigest: text(form, "subjectDigest"),
      description: text(form, "description"),
      links: {
        releaseIds,
        proofArtifactIds: texts(form, "proofArtifactId"),
        breakGlassSessionIds: texts(form, "breakGlassSessionId"),
      },
    },
  };
}

async function releasesByName(prisma: PortalPrisma, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names.slice(0, 20)) {
    const at = name.lastIndexOf("@");
    const product = name.slice(0, at);
    const version = name.slice(at + 1);
    if (at <= 0 || version === "") {
      throw new DomainError("BAD_REQUEST", `"${name.slice(0, 80)}" is not <product>@<version>`, {
        field: "links",
      });
    }
    const release = await prisma.release.findUnique({
      where: { product_version: { product, version } },
      select: { id: true },
    });
    if (!release) {
      throw new DomainError("BAD_REQUEST", `No release ${product} ${version} is registered`, {
        field: "links",
      });
    }
    ids.push(release.id);
  }
  return ids;
}
