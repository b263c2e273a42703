// A stand-in for the S3 REST API (path-style), just PutObject, GetObject and HeadObject on one bucket, shaped after
// the published API reference. It checks what the SDK sends as S3 does: an AWS Signature Version 4 recomputed with
// the configured secret (S3's flavour: canonical query string, x-amz-content-sha256 signed and equal to the body's
// hash unless UNSIGNED-PAYLOAD), and on PutObject the x-amz-checksum-sha256 the client claims for the body. Errors
// come back as S3's XML (<Error><Code>…</Code>); HEAD errors have no body, as in S3.
import { createHash, createHmac } from "node:crypto";
import { type FakeRequest, type FakeResponse, header, startFakeHttpServer } from "./fake-http-server";

export type S3FakeOptions = { accessKeyId: string; secretAccessKey: string; region: string; bucket: string };

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept). */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

function s3Error(status: number, code: string, message: string, method: string): FakeResponse {
  return {
    status,
    headers: { "content-type": "application/xml" },
    body:
      method === "HEAD"
        ? undefined
        : Buffer.from(
            `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
          ),
  };
}

function checkSigV4(request: FakeRequest, options: S3FakeOptions): FakeResponse | undefined {
  const fail = (code: string, message: string) => s3Error(403, code, message, request.method);
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      header(request, "authorization") ?? "",
    );
  if (!match) return fail("AccessDenied", "Missing or malformed Authorization header");
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== options.accessKeyId)
    return fail("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  if (region !== options.region || service !== "s3") {
    return fail(
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; the region '${region}' is wrong; expecting '${options.region}'`,
    );
  }
  const signedHeaders = (signedHeaderList ?? "").split(";");
  for (const required of ["host", "x-amz-date", "x-amz-content-sha256"]) {
    if (!signedHeaders.includes(required))
      return fail("AccessDenied", `the header ${required} must be signed`);
  }
  const payloadHash = header(request, "x-amz-content-sha256") ?? "";
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256Hex(request.body)) {
    return s3Error(
      400,
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      request.method,
    );
  }
  const query = [...request.query.entries()]
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const canonicalUri = request.path
    .split("/")
    .map((segment) => encode(decodeURIComponent(segment)))
    .join("/");
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(header(request, name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    request.method,
    canonicalUri,
    query,
    canonicalHeaders,
    signedHeaderList,
    payloadHash,
  ].join("\n");
  const amzDate = header(request, "x-amz-date") ?? "";
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, date ?? ""), region ?? ""), "s3"),
    "aws4_request",
  );
  if (createHmac("sha256", key).update(stringToSign).digest("hex") !== signature) {
    return fail(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  return undefined;
}

export async function startS3Fake(options: S3FakeOptions) {
  const objects = new Map<string, Buffer>();
  /** operations as S3 understood them, for tests to assert on */
  const calls: { operation: "PutObject" | "GetObject" | "HeadObject"; key: string }[] = [];
  const server = await startFakeHttpServer((request) => {
    const refused = checkSigV4(request, options);
    if (refused) return refused;
    const [, bucket, ...keyParts] = request.path.split("/");
    if (bucket !== options.bucket)
      return s3Error(404, "NoSuchBucket", "The specified bucket does not exist", request.method);
    const key = keyParts.map((part) => decodeURIComponent(part)).join("/");
    if (!key) return s3Error(400, "InvalidRequest", "This fake serves objects only", request.method);
    switch (request.method) {
      case "PUT": {
        calls.push({ operation: "PutObject", key });
        const claimed = header(request, "x-amz-checksum-sha256");
        const actual = createHash("sha256").update(request.body).digest("base64");
        if (claimed !== undefined && claimed !== actual) {
          return s3Error(
            400,
            "BadDigest",
            "The SHA256 you specified did not match the calculated checksum.",
            request.method,
          );
        }
        objects.set(key, Buffer.from(request.body));
        return {
          status: 200,
          headers: {
            etag: `"${createHash("md5").update(request.body).digest("hex")}"`,
            "x-amz-checksum-sha256": actual,
          },
        };
      }
      case "GET":
      case "HEAD": {
        calls.push({ operation: request.method === "GET" ? "GetObject" : "HeadObject", key });
        const object = objects.get(key);
        if (!object) return s3Error(404, "NoSuchKey", "The specified key does not exist.", request.method);
        return {
          status: 200,
          headers: { "content-type": "application/octet-stream", "content-length": String(object.length) },
          body: request.method === "GET" ? object : undefined,
        };
      }
      default:
        return s3Error(
          405,
          "MethodNotAllowed",
          "The specified method is not allowed against this resource.",
          request.method,
        );
    }
  });
  return { ...server, objects, calls };
}
