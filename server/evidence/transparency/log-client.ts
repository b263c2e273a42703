// Talks to a transparency log's Rekor-style API (Rekor v1; what the seed's local Rekor mirrors serve):
//   GET {url}/api/v1/log                                   -> { signedTreeHead, treeSize, rootHash, treeID }
//   GET {url}/api/v1/log/proof?firstSize=a&lastSize=b      -> { rootHash, hashes: [hex...] }
//   GET {url}/api/v1/log/entries?logIndex=n                -> { "<uuid>": { body, logIndex, verification: ... } }
// Answers are size-capped and time-limited; anything unexpected is an error with a plain message (the sync records
// it on the log), never trusted data: checkpoints and proofs are verified by the mirror, not believed.
import { decodeHash32 } from "../../lib/hash-text";

const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export type LogClient = {
  latestCheckpoint: () => Promise<string>;
  consistencyProof: (size1: number, size2: number) => Promise<Buffer[]>;
  entry: (logIndex: number) => Promise<unknown>;
};

export class LogClientError extends Error {
  override readonly name = "LogClientError";
}

export function rekorLogClient(
  baseUrl: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): LogClient {
  const doFetch = options.fetch ?? fetch;
  const base = baseUrl.replace(/\/+$/, "");
  async function getJson(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: "error",
      });
    } catch (error) {
      throw new LogClientError(`${base}${path}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new LogClientError(`${base}${path}: HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_ANSWER_BYTES)
      throw new LogClientError(`${base}${path}: the answer is larger than 4 MiB`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LogClientError(`${base}${path}: the answer is not JSON`);
    }
  }
  return {
    async latestCheckpoint() {
      const answer = (await getJson("/api/v1/log")) as { signedTreeHead?: unknown } | null;
      if (typeof answer?.signedTreeHead !== "string") {
        throw new LogClientError(`${base}/api/v1/log: no signedTreeHead in the answer`);
      }
      return answer.signedTreeHead;
    },
    async consistencyProof(size1, size2) {
      const path = `/api/v1/log/proof?firstSize=${size1}&lastSize=${size2}`;
      const answer = (await getJson(path)) as { hashes?: unknown } | null;
      if (!Array.isArray(answer?.hashes)) throw new LogClientError(`${base}${path}: no hashes in the answer`);
      return answer.hashes.map((text, index) => {
        const hash = decodeHash32(text);
        if (!hash) throw new LogClientError(`${base}${path}: hash ${index + 1} is not a 32-byte hash`);
        return hash;
      });
    },
    entry: (logIndex) => getJson(`/api/v1/log/entries?logIndex=${logIndex}`),
  };
}
