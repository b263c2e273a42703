// Every /api/v1 handler must be built with apiRoute, so it authenticates a token and states the permission it
// needs. A handler written by hand would slip past both; this walk catches it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isPermission } from "../authz/permissions";

const API_ROOT = path.resolve(import.meta.dirname, "../../app/api/v1");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

describe("/api/v1 routes", () => {
  const files = routeFiles(API_ROOT);

  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [path.relative(API_ROOT, file), file]))(
    "%s states its permission",
    async (_, file) => {
      const module = (await import(file)) as Record<string, unknown>;
      const handlers = Object.entries(module).filter(([name]) => HTTP_METHODS.includes(name));
      expect(handlers.length).toBeGreaterThan(0);
      for (const [, handler] of handlers) {
        const permission = (handler as { permission?: string }).permission;
        expect(
          permission === "any-valid-token" || (permission !== undefined && isPermission(permission)),
        ).toBe(true);
      }
    },
  );
});
