import type { NextConfig } from "next";
import { HARD_MAX_UPLOAD_MB, MIB, UPLOAD_BODY_OVERHEAD_BYTES } from "./server/evidence/limits";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ...(process.env.NODE_ENV === "production" && process.env.AUTH_URL?.startsWith("https://")
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // database drivers and the WASM schema engine load files at run time: keep them out of the bundle
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "@prisma/schema-engine-wasm",
    "pg",
    // signing backends: a native addon (PKCS#11) and an SDK that reads its protobuf descriptors from disk
    "pkcs11js",
    "@google-cloud/kms",
  ],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status
    authInterrupts: true,
    // The proxy (proxy.ts) sees every request; Next buffers bodies for it and cuts them at this size (10 MB by
    // default), which would truncate evidence uploads. The upload handlers enforce the configured limit themselves.
    proxyClientMaxBodySize: HARD_MAX_UPLOAD_MB * MIB + UPLOAD_BODY_OVERHEAD_BYTES,
  },
  headers: async () => [{ source: "/:path*", headers: securityHeaders }],
};

export default nextConfig;
