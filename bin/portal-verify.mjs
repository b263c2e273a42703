#!/usr/bin/env node
// portal-verify, the offline verifier (server/cli). The TypeScript runs through tsx's loader, a dependency of the
// portal, so `npm ci` is all it needs: no build step, no server, no database, no network.
import { tsImport } from "tsx/esm/api";

const { runCli, processIo } = await tsImport("../server/cli/main.ts", import.meta.url);
process.exitCode = await runCli(process.argv.slice(2), processIo);
