// `npm start`: the portal on the embedded database with demo accounts, on http://localhost:3000.
// Builds first when there is no build or the sources are newer than it; generates an AUTH_SECRET and the signing
// key-encryption key for this machine (kept in .data/, never printed). `npm run dev` does the same with `next dev`.
// Production does not use this script: see "Running in production" in the README.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const dataDir = path.resolve(root, process.env.DATA_DIR ?? ".data");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

function demoSecret() {
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

// The software signing backend's key-encryption key for the demo, kept next to the database it protects.
function demoSigningKekFile() {
  const file = path.join(dataDir, "signing-kek");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return file;
}

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const stamp = path.join(root, ".next/BUILD_ID");
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const sources = [
    "app",
    "components",
    "server",
    "prisma",
    "proxy.ts",
    "next.config.ts",
    "package-lock.json",
  ];
  return sources.some((name) => {
    const full = path.join(root, name);
    if (!fs.existsSync(full)) return false;
    return (fs.statSync(full).isDirectory() ? newestSourceTime(full) : fs.statSync(full).mtimeMs) > built;
  });
}

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  PORTAL_DEMO: process.env.PORTAL_DEMO ?? "true",
  DATA_DIR: dataDir,
  AUTH_SECRET: process.env.AUTH_SECRET ?? demoSecret(),
  ...(process.env.SIGNING_KEK || process.env.SIGNING_KEK_FILE
    ? {}
    : { SIGNING_KEK_FILE: demoSigningKekFile() }),
  // Auth.js builds its URLs from this; browse on localhost (it rewrites 127.0.0.1 and cookies would not match)
  AUTH_URL: process.env.AUTH_URL ?? `http://localhost:${port}`,
};

if (!dev && buildIsStale()) {
  console.log("Building the portal (first start, or sources changed)...");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

console.log(`Starting the portal on ${env.AUTH_URL} (demo accounts are listed on the sign-in page)`);
// HOST=127.0.0.1 keeps the demo (whose passwords are public) off the network; by default Next listens on all.
const hostArgs = process.env.HOST ? ["-H", process.env.HOST] : [];
const server = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port, ...hostArgs], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
