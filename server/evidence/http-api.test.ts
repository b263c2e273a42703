// /api/v1/evidence as a pipeline calls it: real Request objects with multipart bodies and bearer tokens, against the
// real handlers on a test database. Every refusal is JSON with a clear message; nothing is stored on bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createTestRelease, evidenceDeps, SAMPLE_CYCLONEDX, tempBlobStore } from "@/test/evidence";
import { createApiToken } from "../api-tokens/create-api-token";
import { manualClock } from "../lib/clock";
import { sha256Hex } from "./blob-store";
import { evidenceApi } from "./http-api";

const clock = manualClock("2026-12-01T09:00:00.000Z");
const store = tempBlobStore();
let db: TestDatabase;
let api: ReturnType<typeof evidenceApi>;
let uploadToken: string;
let readToken: string;
let release: { id: string };
const BASE = "http://portal.test/api/v1/evidence";

beforeAll(async () => {
  db = await createTestDatabase();
  api = evidenceApi({ prisma: async () => db.prisma, clock }, (prisma) =>
    evidenceDeps(prisma, clock, store.blobs, { maxUploadBytes: 64 * 1024 }),
  );
  const admin = await createTestUser(db.prisma, { roles: ["ADMIN"] });
  const actor = { id: admin.id, name: admin.name, roles: admin.roles };
  const make = async (scopes: ("evidence:upload" | "evidence:read" | "release:read")[]) =>
    (
      await createApiToken(db.prisma, {
        actor,
        clock,
        input: { name: `ci-${scopes.join("+")}`, scopes, expiresInDays: 30 },
      })
    ).token;
  uploadToken = await make(["evidence:upload", "evidence:read"]);
  readToken = await make(["release:read"]);
  release = await createTestRelease(db.prisma, { product: "portal", version: "2.0.0" });
});
afterAll(async () => {
  await db.close();
  store.remove();
});

function form(
  fields: Record<string, string | string[]>,
  file?: { bytes: Uint8Array<ArrayBuffer> | string; name: string; type?: string },
) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  if (file) body.append("file", new Blob([file.bytes], { type: file.type ?? "" }), file.name);
  return body;
}

const post = (body: BodyInit, token = uploadToken, headers: Record<string, string> = {}) =>
  api.upload(
    new Request(BASE, { method: "POST", body, headers: { authorization: `Bearer ${token}`, ...headers } }),
  );
const get = (path: string, token = uploadToken) =>
  path.endsWith("/content")
    ? api.content(new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ id: path.split("/")[1] ?? "" }),
      })
    : path.startsWith("/")
      ? api.get(new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } }), {
          params: Promise.resolve({ id: path.slice(1) }),
        })
      : api.list(new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } }));

const storedCount = () => db.prisma.evidenceRecord.count();

describe("POST /api/v1/evidence", () => {
  it("uploads an SBOM linked to a release named product@version: 201, then 200 for the same bytes", async () => {
    const fields = { kind: "sbom", subjectDigest: `sha256:${"1".repeat(64)}`, release: "portal@2.0.0" };
    const file = { bytes: SAMPLE_CYCLONEDX, name: "portal.cdx.json", type: "application/vnd.cyclonedx+json" };
    const created = await post(form(fields, file));
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({
      created: true,
      evidence: {
        kind: "SBOM",
        sha256: sha256Hex(SAMPLE_CYCLONEDX),
        mediaType: "application/vnd.cyclonedx+json",
        producerKind: "API_TOKEN",
        producerName: expect.stringMatching(/^api-token:ci-evidence:upload\+evidence:read \(rgp_/),
        links: [{ target: "release", id: release.id, label: "portal 2.0.0", shortLabel: "portal 2.0.0" }],
        contentUrl: `/api/v1/evidence/${body.evidence.id}/content`,
      },
    });
    expect(created.headers.get("location")).toBe(`/api/v1/evidence/${body.evidence.id}`);
    const again = await post(form(fields, file));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, evidence: { id: body.evidence.id } });
  });

  it("answers bad input with 400/413 and a message, storing nothing", async () => {
    const before = await storedCount();
    const refusal = async (response: Response) => ({
      status: response.status,
      ...(await response.json()).error,
    });
    expect(await refusal(await post(form({ kind: "POSTER" }, { bytes: "x", name: "x.txt" })))).toMatchObject({
      status: 400,
      fieldErrors: { kind: [expect.stringContaining('Unknown kind "POSTER": use one of SBOM')] },
    });
    expect(await refusal(await post(form({}, { bytes: "x", name: "x.txt" })))).toMatchObject({
      status: 400,
      fieldErrors: { kind: ["Choose the kind of evidence"] },
    });
    expect(
      await refusal(await post(form({ kind: "OTHER" }, { bytes: "", name: "empty.txt" }))),
    ).toMatchObject({
      status: 400,
      message: "The file is empty",
    });
    expect(
      await refusal(await post(form({ kind: "OTHER" }, { bytes: "x".repeat(70 * 1024), name: "big.txt" }))),
    ).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: "The file is 70 KiB; evidence may be at most 64 KiB",
    });
    // a body far over the limit is refused from its Content-Length, before it is read
    const huge = await post(new Uint8Array(2 * 1024 * 1024), uploadToken, {
      "content-type": "multipart/form-data; boundary=x",
      "content-length": String(2 * 1024 * 1024),
    });
    expect(await refusal(huge)).toMatchObject({
      status: 413,
      message: "The upload is larger than 64 KiB, the most evidence may be",
    });
    expect(await refusal(await post(form({ kind: "OTHER" })))).toMatchObject({
      status: 400,
      message: 'Attach the evidence as a file field named "file"',
    });
    expect(
      await refusal(
        await post(JSON.stringify({ kind: "SBOM" }), uploadToken, { "content-type": "application/json" }),
      ),
    ).toMatchObject({
      status: 400,
      message: "Send the evidence as multipart/form-data (curl -F file=@…)",
    });
    const truncated = await post(
      new TextEncoder().encode('--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nSBOM'),
      uploadToken,
      {
        "content-type": "multipart/form-data; boundary=x",
      },
    );
    expect(await refusal(truncated)).toMatchObject({
      status: 400,
      message: "The multipart body is malformed or incomplete",
    });
    expect(
      await refusal(
        await post(form({ kind: "SBOM" }, { bytes: '{"bomFormat":"CycloneDX"', name: "bad.cdx.json" })),
      ),
    ).toMatchObject({ status: 400, message: expect.stringContaining("is not valid JSON") });
    expect(
      await refusal(
        await post(form({ kind: "OTHER", release: "portal@9.9.9" }, { bytes: "x", name: "x.txt" })),
      ),
    ).toMatchObject({ status: 400, message: "No release portal 9.9.9 is registered" });
    expect(await storedCount()).toBe(before);
  });

  it("refuses a token without the scope (403) and no token at all (401)", async () => {
    const body = form({ kind: "OTHER" }, { bytes: "x", name: "x.txt" });
    expect((await post(body, readToken)).status).toBe(403);
    expect((await api.upload(new Request(BASE, { method: "POST", body }))).status).toBe(401);
  });
});

describe("GET /api/v1/evidence", () => {
  it("lists, shows one record and serves its bytes with their digest", async () => {
    const list = await (await get("?kind=sbom")).json();
    expect(list.items).toHaveLength(1);
    const id = list.items[0].id as string;
    const one = await get(`/${id}`);
    expect(await one.json()).toMatchObject({ evidence: { id, links: [{ target: "release" }], bundles: [] } });
    const content = await get(`/${id}/content`);
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer())).toEqual(SAMPLE_CYCLONEDX);
    expect(content.headers.get("content-type")).toBe("application/vnd.cyclonedx+json");
    expect(content.headers.get("content-disposition")).toContain('filename="portal.cdx.json"');
    expect(content.headers.get("repr-digest")).toBe(
      `sha-256=:${Buffer.from(sha256Hex(SAMPLE_CYCLONEDX), "hex").toString("base64")}:`,
    );
    expect((await get("/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get("?kind=poster")).status).toBe(400);
    expect((await get("?from=yesterday")).status).toBe(400);
    expect((await get("", readToken)).status).toBe(403);
  });
});
