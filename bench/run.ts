// npm run bench [-- --quick]: the audit log's speed, on PGlite in memory and, when BENCH_DATABASE_URL names a
// PostgreSQL server, on a throwaway database there too. Every figure is printed beside a baseline measured in the
// same run on the same database, and the ratio is what to compare across machines and commits:
//   audit append      chained appendAudit (1 event/tx) / plain INSERT of the same rows (1/tx). Below 1; the
//                     gap is the advisory lock, the read of the chain head, the hash, the payload validation.
//   /audit page       deep page / first page of findAuditEvents (keyset). About 1 means depth is free; the
//                     OFFSET row shows the same deep page read with OFFSET, as a multiple of the keyset one.
//                     Pages are timed after ANALYZE; the "never ANALYZEd" row is the state PGlite stays in,
//                     since it has no autovacuum (a server's autovacuum analyses the table by itself).
//   verify chain      verifyAuditChain / bare SHA-256 of the same canonical bytes. Far below 1: reading rows
//                     and canonical JSON dominate; the hashEvent row separates the two.
//   verify-all        a verify-all run over N blobs (5,000 x 100 kB = 500 MB; --quick 500) / `sha256sum` over the
//                     same files, as MB/s; warm page cache for both. The gap is per-record work (a row read, an
//                     item row, progress), Node's stream reads and the final evidence root.
//   DSSE signing      sign + verify of in-toto statements through the software adapter / raw node:crypto on the
//                     same PAE bytes with parsed keys. signEnvelope verifies each signature it makes (a backend
//                     fault must not ship), so about 2/3 is the floor; the re-parse row shows why keys are cached.
//   Merkle root       merkleRoot over 1,000,000 evidence-manifest leaves (leaf hashes + interior nodes, RFC 9162)
//                     / one raw SHA-256 per leaf over the same bytes. About 0.5 is the floor: 2n-1 hashes against n.
//   approvals         promotion approvals per second, 20 approvers at once on distinct requests / one audited
//                     write per transaction with the same 20 workers. Every approval re-verifies the bundle, locks
//                     its request and appends its audit event; one that promotes also signs the attestation.
//   release register  POST /api/v1/releases with 200 files / 200 MB as multipart (streamed to the blob store,
//                     hashed, verified against the key registry, committed on PGlite) / `sha256sum` over the same
//                     files. Below 1: the floor is reading and hashing every byte once; the rest is the upload's
//                     write to disk, the parsing and the database.
//   audit proofs      an inclusion proof for one event of a 1,000,000-event log, built from the stored Merkle nodes
//                     (about 2 log2 n rows) / a primary-key read of one event; and the naive proof from every leaf
//                     of the log / the stored-node one. The first ratio stays near a small constant as the log
//                     grows; the second grows with it. On PGlite on disk (a million events do not fit in memory).
import { cpus } from "node:os";
import { measureAppendRate } from "./append-rate";
import { measureAuditProofs } from "./audit-proofs";
import {
  type BenchDatabase,
  openEmbeddedBenchDatabase,
  openEmbeddedOnDiskBenchDatabase,
  openServerBenchDatabase,
} from "./bench-database";
import { fillAuditLog } from "./fill-audit-log";
import { timed } from "./measure";
import { measureMerkleRoot } from "./merkle-root";
import { measurePageLatency } from "./page-latency";
import { benchPkcs11Signing } from "./pkcs11";
import { measureApprovalRate } from "./promotion-approvals";
import { measureReleaseRegistration } from "./release-registration";
import { formatCount, formatMs, formatRate, printTable } from "./report";
import { measureSigningThroughput } from "./signing-throughput";
import { FILTERED_ACTION } from "./synthetic-events";
import { measureVerifyAll } from "./verify-all";
import { measureVerifyThroughput } from "./verify-throughput";

type Sizes = {
  proofLogSize: number;
  proofRuns: number;
  merkleLeaves: number;
  appendPerVariant: number;
  appendWarmup: number;
  appendRounds: number;
  logSize: number;
  pageRuns: number;
  pageWarmup: number;
  signPayloads: number;
  signRuns: number;
  approvalsPerApprover: number;
  releaseFiles: number;
  releaseBytesPerFile: number;
  verifyAllBlobs: number;
};

const FULL: Sizes = {
  proofLogSize: 1_000_000,
  proofRuns: 50,
  merkleLeaves: 1_000_000,
  appendPerVariant: 3_000,
  appendWarmup: 300,
  appendRounds: 4,
  logSize: 100_000,
  pageRuns: 50,
  pageWarmup: 5,
  signPayloads: 2_000,
  signRuns: 5,
  approvalsPerApprover: 10,
  releaseFiles: 200,
  releaseBytesPerFile: 1_000_000,
  verifyAllBlobs: 5_000,
};
const QUICK: Sizes = {
  proofLogSize: 20_000,
  proofRuns: 20,
  merkleLeaves: 100_000,
  appendPerVariant: 500,
  appendWarmup: 50,
  appendRounds: 2,
  logSize: 10_000,
  pageRuns: 20,
  pageWarmup: 3,
  signPayloads: 300,
  signRuns: 3,
  approvalsPerApprover: 3,
  releaseFiles: 20,
  releaseBytesPerFile: 1_000_000,
  verifyAllBlobs: 500,
};

function progress(message: string): void {
  process.stderr.write(`  ... ${message}\n`);
}

async function benchmark(db: BenchDatabase, sizes: Sizes): Promise<void> {
  const { prisma } = db;
  progress(`${db.label}: appending ${formatCount(sizes.appendPerVariant)} events per variant`);
  const append = await measureAppendRate(prisma, {
    eventsPerVariant: sizes.appendPerVariant,
    warmupPerVariant: sizes.appendWarmup,
    rounds: sizes.appendRounds,
  });
  progress(`${db.label}: filling the log to ${formatCount(sizes.logSize)} events`);
  const fill = await timed(() => fillAuditLog(prisma, sizes.logSize));
  progress(`${db.label}: timing /audit pages`);
  const pages = await measurePageLatency(prisma, {
    logSize: sizes.logSize,
    runs: sizes.pageRuns,
    warmup: sizes.pageWarmup,
  });
  progress(`${db.label}: verifying the chain`);
  const verify = await measureVerifyThroughput(prisma);

  const deep = `cursor ${formatCount(pages.deepCursor)}, ${formatCount(pages.depth)} in`;
  printTable(`${db.label}: ${formatCount(verify.events)} events in the log`, [
    {
      label: "audit append (chained appendAudit, 1/tx)",
      value: formatRate(append.chainedPerSecond),
      baseline: { label: "plain insert (1/tx)", value: formatRate(append.plainPerSecond) },
      ratio: { label: "ratio", value: append.chainedPerSecond / append.plainPerSecond },
    },
    {
      label: `bulk fill to build the log (${formatCount(fill.value)} events)`,
      value: formatRate((fill.value * 1000) / fill.ms),
    },
    { label: "/audit page 1 (no cursor)", value: formatMs(pages.firstMs) },
    {
      label: `/audit deep page (${deep})`,
      value: formatMs(pages.deepMs),
      baseline: { label: "page 1", value: formatMs(pages.firstMs) },
      ratio: { label: "deep/first", value: pages.deepMs / pages.firstMs },
    },
    {
      label: `/audit deep page, action=${FILTERED_ACTION}`,
      value: formatMs(pages.deepFilteredMs),
      baseline: { label: "page 1, same filter", value: formatMs(pages.firstFilteredMs) },
      ratio: { label: "deep/first", value: pages.deepFilteredMs / pages.firstFilteredMs },
    },
    {
      label: `OFFSET ${formatCount(pages.depth)} LIMIT 50 (same deep page)`,
      value: formatMs(pages.offsetDeepMs),
      baseline: { label: "keyset deep page", value: formatMs(pages.deepMs) },
      ratio: { label: "offset/keyset", value: pages.offsetDeepMs / pages.deepMs },
    },
    {
      label: `/audit page 1, action=${FILTERED_ACTION}, never ANALYZEd`,
      value: formatMs(pages.firstFilteredWithoutStatisticsMs),
      baseline: { label: "after ANALYZE", value: formatMs(pages.firstFilteredMs) },
      ratio: { label: "before/after", value: pages.firstFilteredWithoutStatisticsMs / pages.firstFilteredMs },
    },
    {
      label: "verifyAuditChain (whole log)",
      value: formatRate(verify.verifyPerSecond),
      baseline: { label: "raw SHA-256", value: formatRate(verify.rawSha256PerSecond) },
      ratio: { label: "ratio", value: verify.verifyPerSecond / verify.rawSha256PerSecond },
    },
    {
      label: "hashEvent in memory (canonical JSON + SHA-256)",
      value: formatRate(verify.hashEventPerSecond),
      baseline: { label: "raw SHA-256", value: formatRate(verify.rawSha256PerSecond) },
      ratio: { label: "ratio", value: verify.hashEventPerSecond / verify.rawSha256PerSecond },
    },
  ]);
}

const formatSigns = (perSecond: number) => `${formatCount(perSecond)} sign+verify/s`;

async function signingBenchmark(sizes: Sizes): Promise<void> {
  progress(`signing: ${formatCount(sizes.signPayloads)} statements per variant, ${sizes.signRuns} rounds`);
  const signing = await measureSigningThroughput({
    payloads: sizes.signPayloads,
    runs: sizes.signRuns,
    warmup: 1,
  });
  printTable(
    `DSSE signing (${formatCount(signing.payloads)} in-toto statements of ${signing.payloadBytes} bytes)`,
    [
      {
        label: "software adapter: signEnvelope + verifyEnvelope",
        value: formatSigns(signing.adapterPerSecond),
        baseline: { label: "raw node:crypto (parsed keys)", value: formatSigns(signing.rawPerSecond) },
        ratio: { label: "ratio", value: signing.adapterPerSecond / signing.rawPerSecond },
      },
      {
        label: "raw node:crypto re-parsing the PEM keys per call",
        value: formatSigns(signing.rawReparsePerSecond),
        baseline: { label: "raw node:crypto (parsed keys)", value: formatSigns(signing.rawPerSecond) },
        ratio: { label: "ratio", value: signing.rawReparsePerSecond / signing.rawPerSecond },
      },
    ],
  );
}

const formatApprovals = (perSecond: number) => `${formatCount(perSecond)} approvals/s`;

async function approvalBenchmark(db: BenchDatabase, sizes: Sizes): Promise<void> {
  progress(`${db.label}: preparing ${formatCount(sizes.approvalsPerApprover * 40)} promotion requests`);
  const rate = await measureApprovalRate(db.prisma, { requestsPerApprover: sizes.approvalsPerApprover });
  const baseline = { label: "audited write (1/tx)", value: formatRate(rate.auditedWritesPerSecond) };
  printTable(
    `${db.label}: promotion approvals, ${rate.approvers} approvers at once, ${formatCount(rate.requests)} requests each run`,
    [
      {
        label: "approval that promotes (STAGING: verify, decide, sign, write)",
        value: formatApprovals(rate.promotingPerSecond),
        baseline,
        ratio: { label: "ratio", value: rate.promotingPerSecond / rate.auditedWritesPerSecond },
      },
      {
        label: "approval that counts (PROD, one more needed)",
        value: formatApprovals(rate.countingPerSecond),
        baseline,
        ratio: { label: "ratio", value: rate.countingPerSecond / rate.auditedWritesPerSecond },
      },
    ],
  );
}

const formatMegabytes = (bytes: number, ms: number) =>
  `${formatCount(bytes / 1e6)} MB in ${formatMs(ms)} (${formatCount(bytes / 1e3 / ms)} MB/s)`;

async function releaseBenchmark(sizes: Sizes): Promise<void> {
  const megabytes = (sizes.releaseFiles * sizes.releaseBytesPerFile) / 1e6;
  progress(`releases: registering ${sizes.releaseFiles} files / ${formatCount(megabytes)} MB on PGlite`);
  const db = await openEmbeddedBenchDatabase();
  try {
    const result = await measureReleaseRegistration(db, {
      files: sizes.releaseFiles,
      bytesPerFile: sizes.releaseBytesPerFile,
    });
    printTable(
      `Release registration (${result.files} files, ${formatCount(result.totalBytes / 1e6)} MB, ${result.verificationStatus})`,
      [
        {
          label: "POST /api/v1/releases, multipart -> blob store -> verify -> commit",
          value: formatMegabytes(result.totalBytes, result.registerMs),
          baseline: {
            label: "sha256sum, same files",
            value: formatMegabytes(result.totalBytes, result.sha256sumMs),
          },
          ratio: { label: "ratio", value: result.sha256sumMs / result.registerMs },
        },
      ],
    );
  } finally {
    await db.close();
  }
}

const BLOB_SIZE = 100_000;
const formatMBps = (bytes: number, ms: number) => `${formatCount(bytes / 1e6 / (ms / 1000))} MB/s`;

async function verifyAllBenchmark(sizes: Sizes): Promise<void> {
  const db = await openEmbeddedBenchDatabase();
  try {
    const measured = await measureVerifyAll(db.prisma, {
      blobs: sizes.verifyAllBlobs,
      blobSize: BLOB_SIZE,
      progress,
    });
    printTable(
      `verify-all: ${formatCount(measured.blobs)} blobs, ${formatCount(measured.bytes / 1e6)} MB (${db.label})`,
      [
        {
          label: `verify-all run (${formatCount(measured.ok)} ok, ${formatMs(measured.verifyAllMs)})`,
          value: formatMBps(measured.bytes, measured.verifyAllMs),
          baseline: {
            label: `sha256sum (${formatCount(measured.sha256sumFiles)} files, ${formatMs(measured.sha256sumMs)})`,
            value: formatMBps(measured.bytes, measured.sha256sumMs),
          },
          ratio: { label: "ratio", value: measured.sha256sumMs / measured.verifyAllMs },
        },
      ],
    );
  } finally {
    await db.close();
  }
}

function merkleBenchmark(sizes: Sizes): void {
  progress(`Merkle root: ${formatCount(sizes.merkleLeaves)} leaves, median of 3 passes`);
  const merkle = measureMerkleRoot({ leaves: sizes.merkleLeaves, passes: 3 });
  const leavesPerSecond = (ms: number) => `${formatCount((merkle.leaves * 1000) / ms)} leaves/s`;
  printTable(
    `Merkle root (RFC 9162) of ${formatCount(merkle.leaves)} evidence-manifest leaves, ${formatCount(merkle.leafBytes)} bytes`,
    [
      {
        label: "merkleRoot (server/lib/merkle.ts)",
        value: `${formatMs(merkle.merkleRootMs)} (${leavesPerSecond(merkle.merkleRootMs)})`,
        baseline: { label: "raw SHA-256 per leaf", value: formatMs(merkle.rawSha256Ms) },
        ratio: { label: "ratio", value: merkle.rawSha256Ms / merkle.merkleRootMs },
      },
    ],
  );
}

async function auditProofBenchmark(open: () => Promise<BenchDatabase>, sizes: Sizes): Promise<void> {
  const db = await open();
  try {
    const figures = await measureAuditProofs(db.prisma, {
      logSize: sizes.proofLogSize,
      runs: sizes.proofRuns,
      warmup: 5,
      progress,
    });
    const size = formatCount(figures.logSize);
    printTable(`${db.label}: audit checkpoint proofs over ${size} events`, [
      {
        label: `index the Merkle tree (${formatCount(figures.nodesStored)} nodes stored)`,
        value: formatRate((figures.logSize * 1000) / figures.indexMs),
        baseline: {
          label: "bulk fill of the log",
          value: formatRate((figures.logSize * 1000) / figures.fillMs),
        },
        ratio: { label: "ratio", value: figures.fillMs / figures.indexMs },
      },
      {
        label: `inclusion proof, one event of ${size} (${figures.inclusionRowsRead} rows read)`,
        value: formatMs(figures.inclusionMs),
        baseline: { label: "primary-key read of one event", value: formatMs(figures.pkLookupMs) },
        ratio: { label: "proof/read", value: figures.inclusionMs / figures.pkLookupMs },
      },
      {
        label: `the same proof from all ${size} leaves (the naive way)`,
        value: formatMs(figures.naiveInclusionMs),
        baseline: { label: "from stored nodes", value: formatMs(figures.inclusionMs) },
        ratio: { label: "naive/stored", value: figures.naiveInclusionMs / figures.inclusionMs },
      },
      {
        label: `consistency proof ${formatCount(Math.floor(figures.logSize / 2) + 7)} -> ${size} (${figures.consistencyRowsRead} rows read)`,
        value: formatMs(figures.consistencyMs),
        baseline: { label: "primary-key read of one event", value: formatMs(figures.pkLookupMs) },
        ratio: { label: "proof/read", value: figures.consistencyMs / figures.pkLookupMs },
      },
    ]);
  } finally {
    await db.close();
  }
}

async function onDatabase(open: () => Promise<BenchDatabase>, sizes: Sizes): Promise<void> {
  const db = await open();
  try {
    // the audit sections first: their page and depth figures assume a log of exactly their own events
    await benchmark(db, sizes);
    await approvalBenchmark(db, sizes);
  } finally {
    await db.close();
  }
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { quick: boolean } {
  const unknown = args.filter((arg) => arg !== "--quick");
  if (unknown.length > 0) {
    throw new UsageError(`unknown argument ${unknown.join(" ")}; usage: npm run bench [-- --quick]`);
  }
  return { quick: args.includes("--quick") };
}

async function main(): Promise<void> {
  const { quick } = parseArgs(process.argv.slice(2));
  const sizes = quick ? QUICK : FULL;
  const serverUrl = process.env.BENCH_DATABASE_URL;
  console.log(
    `audit, signing and release benchmarks (${quick ? "--quick" : "full"}): node ${process.version}, ${cpus().length} cores\n` +
      `sizes: ${formatCount(sizes.appendPerVariant)} appends per variant in ${sizes.appendRounds} alternating ` +
      `rounds after ${formatCount(sizes.appendWarmup)} warm-up each; log of ${formatCount(sizes.logSize)} events; ` +
      `page latency = median of ${sizes.pageRuns} interleaved runs after ${sizes.pageWarmup} warm-up; ` +
      `verification = one pass over the whole log, in-memory hashing = median of 3 passes; ` +
      `verify-all over ${formatCount(sizes.verifyAllBlobs)} blobs of ${formatCount(BLOB_SIZE)} bytes`,
  );
  merkleBenchmark(sizes);
  await signingBenchmark(sizes);
  await releaseBenchmark(sizes);
  await verifyAllBenchmark(sizes);
  await onDatabase(openEmbeddedBenchDatabase, sizes);
  if (serverUrl) await onDatabase(() => openServerBenchDatabase(serverUrl), sizes);
  await auditProofBenchmark(openEmbeddedOnDiskBenchDatabase, sizes);
  if (serverUrl) await auditProofBenchmark(() => openServerBenchDatabase(serverUrl), sizes);
  else console.log("\n(set BENCH_DATABASE_URL to a PostgreSQL server URL to run on PostgreSQL too)");
  await benchPkcs11Signing({ quick });
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    const detail = error instanceof UsageError ? error.message : error instanceof Error ? error.stack : error;
    console.error(`\nbench failed: ${String(detail)}`);
    process.exitCode = 1;
  },
);
