// Promotion's events reach the release webhook (HMAC-signed, after the commit) as the tRPC procedures run them:
// requests, promotions and closings of requests, each once, for a real HTTP receiver.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installReleaseKey, type ReleaseKey, registerTestRelease } from "@/test/promotion-releases";
import type { SessionUser } from "../../auth/session";
import { manualClock } from "../../lib/clock";
import { createWebhookSender, verifyWebhookSignature } from "../../notifications/webhook-sender";
import { createCaller } from "../../trpc/root";
import { installReleaseWebhook, type ReleaseWebhookEvent } from "../release-webhook";

const secret = "promotion-webhook-secret-for-tests";
const clock = manualClock("2026-12-06T09:00:00.000Z");
let db: TestDatabase;
let key: ReleaseKey;
let receiver: http.Server;
let webhook: ReturnType<typeof createWebhookSender<ReleaseWebhookEvent>>;
let restoreWebhook: () => void;
let rhea: SessionUser;
const received: { event: ReleaseWebhookEvent; valid: boolean }[] = [];

const as = (user: SessionUser) =>
  createCaller(contextFor(db.prisma, { ...user, authTime: clock.now() }, { clock }));

beforeAll(async () => {
  db = await createTestDatabase();
  key = await installReleaseKey(db.prisma, clock);
  rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({
        event: JSON.parse(body) as ReleaseWebhookEvent,
        valid: verifyWebhookSignature(
          secret,
          String(request.headers["x-portal-timestamp"]),
          body,
          String(request.headers["x-portal-signature"]),
        ),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  webhook = createWebhookSender<ReleaseWebhookEvent>({
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
    secret,
    name: "release",
  });
  restoreWebhook = installReleaseWebhook(webhook);
});
afterAll(async () => {
  restoreWebhook();
  key.restore();
  await new Promise((resolve) => receiver.close(resolve));
  await db.close();
});

describe("promotion webhooks", () => {
  it("announces requests, a promotion and a closing, signed, once each", async () => {
    const r = await registerTestRelease(db.prisma, { version: "8.0.0", signingKey: key.privateKey, clock });
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    const staging = await db.prisma.promotionRequest.findFirstOrThrow({
      where: { releaseId: r.id, environment: "STAGING" },
    });
    await as(rhea).promotions.cancel({ requestId: staging.id, reason: "wrong build picked" });
    await webhook.flush();
    const events = received.filter((entry) => entry.event.release.id === r.id);
    expect(events.every((entry) => entry.valid)).toBe(true);
    expect(
      events.map((entry) => [entry.event.type, entry.event.environment, entry.event.details.outcome]),
    ).toEqual([
      ["promotion.requested", "DEV", null],
      ["promotion.promoted", "DEV", null],
      ["promotion.requested", "STAGING", null],
      ["promotion.request_closed", "STAGING", "CANCELLED"],
    ]);
    expect(events[1]?.event).toMatchObject({
      actor: "Rhea Release",
      release: { product: "payments-api", version: "8.0.0", bundleDigest: r.bundleDigest },
      link: expect.stringMatching(new RegExp(`/releases/${r.id}$`)),
    });
  });
});
