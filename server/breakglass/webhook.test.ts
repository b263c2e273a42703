// The webhook's signature is checkable by a receiver, and a receiver that is down never fails the sender.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  type BreakGlassWebhookEvent,
  createWebhookSender,
  signWebhook,
  verifyWebhookSignature,
} from "./webhook";

const event: BreakGlassWebhookEvent = {
  type: "breakglass.opened",
  occurredAt: "2026-12-01T10:00:00.000Z",
  sessionId: "00000000-0000-4000-8000-000000000000",
  actor: "Ian",
  requester: "Ian",
  reasonCode: "INCIDENT_P1",
  scopes: ["audit:read"],
  expiresAt: "2026-12-01T10:15:00.000Z",
  link: "/break-glass/00000000-0000-4000-8000-000000000000",
};

describe("break-glass webhook", () => {
  it("signs timestamp and body together, so neither can be swapped", () => {
    const body = JSON.stringify(event);
    const signature = signWebhook("a-secret-of-16-chars", "1764583200", body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature("a-secret-of-16-chars", "1764583200", body, signature)).toBe(true);
    expect(verifyWebhookSignature("a-secret-of-16-chars", "1764583201", body, signature)).toBe(false);
    expect(verifyWebhookSignature("a-secret-of-16-chars", "1764583200", `${body} `, signature)).toBe(false);
  });

  it("swallows (and logs) a receiver that is down or refuses", async () => {
    const server = http.createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const refusing = createWebhookSender({
      url: `http://127.0.0.1:${port}/`,
      secret: "a-secret-of-16-chars",
    });
    refusing.send(event);
    await expect(refusing.flush()).resolves.toBeUndefined();
    await new Promise((resolve) => server.close(resolve));
    const down = createWebhookSender({
      url: `http://127.0.0.1:${port}/`,
      secret: "a-secret-of-16-chars",
      timeoutMs: 500,
    });
    down.send(event);
    await expect(down.flush()).resolves.toBeUndefined();
  });
});
