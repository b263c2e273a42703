// Release registration as a CI pipeline does it, for tests: bundles built with sha256sum and openssl
// (test/bundles.ts), then sent to the REST route as multipart (the files) or JSON (digests and sizes).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type ReleaseMetaFields = {
  product: string;
  version: string;
  sourceCommit: string;
  ciRunId: string;
  ciRunUrl?: string;
};

export function releaseMeta(version: string, product = "portal"): ReleaseMetaFields {
  const commit = createHash("sha1").update(`${product}@${version}`).digest("hex");
  return {
    product,
    version,
    sourceCommit: commit,
    ciRunId: `run-${version}`,
    ciRunUrl: `https://ci.example.test/runs/${version}`,
  };
}

/** The bundle files in `dir` that are artifacts (everything but SHA256SUMS and friends), relative paths. */
export function artifactPaths(dir: string): string[] {
  const metadata = new Set(["SHA256SUMS", "SHA256SUMS.sig", "manifest.dsse", "public-key.pem"]);
  const walk = (relative: string): string[] =>
    fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return walk(name);
      return metadata.has(name) ? [] : [name];
    });
  return walk("").sort();
}

const blobOf = (file: string) => new Blob([new Uint8Array(fs.readFileSync(file))]);

/** What `curl -F` sends: the fields, the bundle files present in `dir`, one artifact part per file. */
export function registrationForm(
  dir: string,
  meta: ReleaseMetaFields,
  options: { artifacts?: string[]; omit?: string[] } = {},
): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(meta)) if (value !== undefined) form.append(key, value);
  for (const name of ["SHA256SUMS", "SHA256SUMS.sig", "manifest.dsse", "public-key.pem"]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file) && !options.omit?.includes(name)) form.append(name, blobOf(file), name);
  }
  for (const artifact of options.artifacts ?? artifactPaths(dir)) {
    form.append("artifact", blobOf(path.join(dir, artifact)), artifact);
  }
  return form;
}

/** The JSON registration: SHA256SUMS and its signature inline, artifacts by digest and size. */
export function registrationJson(dir: string, meta: ReleaseMetaFields): Record<string, unknown> {
  const read = (name: string) => {
    const file = path.join(dir, name);
    return fs.existsSync(file) ? fs.readFileSync(file) : null;
  };
  const signature = read("SHA256SUMS.sig");
  const manifest = read("manifest.dsse");
  const key = read("public-key.pem");
  return {
    ...meta,
    checksums: read("SHA256SUMS")?.toString("utf8"),
    ...(signature ? { checksumsSignature: signature.toString("base64") } : {}),
    ...(manifest ? { manifestDsse: JSON.parse(manifest.toString("utf8")) } : {}),
    ...(key ? { publicKeyPem: key.toString("utf8") } : {}),
    artifacts: artifactPaths(dir).map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name));
      return { path: name, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
    }),
  };
}

export function apiRequest(
  method: string,
  url: string,
  token: string,
  body?: FormData | Record<string, unknown> | string,
  headers: Record<string, string> = {},
): Request {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (typeof body === "string") init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  return new Request(`http://localhost${url}`, init);
}
