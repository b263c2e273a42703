-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "break_glass_session_id" TEXT;

-- CreateTable
CREATE TABLE "break_glass_sessions" (
    "id" UUID NOT NULL,
    "requester_id" UUID NOT NULL,
    "requester_name" TEXT NOT NULL,
    "reason_code" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "ticket_ref" TEXT,
    "scopes" TEXT[],
    "duration_minutes" INTEGER NOT NULL,
    "approval_required" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "request_expires_at" TIMESTAMPTZ(3),
    "decided_by_id" UUID,
    "decided_by_name" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "activated_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "hard_expires_at" TIMESTAMPTZ(3),
    "extension_count" INTEGER NOT NULL DEFAULT 0,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by_id" UUID,
    "ended_by_name" TEXT,
    "end_note" TEXT,
    "review_status" TEXT,
    "reviewed_by_id" UUID,
    "reviewed_by_name" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "review_notes" TEXT,

    CONSTRAINT "break_glass_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "break_glass_extensions" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "extended_at" TIMESTAMPTZ(3) NOT NULL,
    "by_id" UUID NOT NULL,
    "by_name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "from_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "to_expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "break_glass_extensions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bootstrap_account" (
    "id" TEXT NOT NULL,
    "password_hash" TEXT,
    "enabled_until" TIMESTAMPTZ(3),
    "enabled_at" TIMESTAMPTZ(3),
    "enabled_by" TEXT,
    "user_id" UUID,

    CONSTRAINT "bootstrap_account_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "break_glass_sessions_requester_id_status_idx" ON "break_glass_sessions"("requester_id", "status");

-- CreateIndex
CREATE INDEX "break_glass_sessions_status_expires_at_idx" ON "break_glass_sessions"("status", "expires_at");

-- CreateIndex
CREATE INDEX "break_glass_sessions_requested_at_id_idx" ON "break_glass_sessions"("requested_at", "id");

-- CreateIndex
CREATE INDEX "break_glass_sessions_review_status_ended_at_idx" ON "break_glass_sessions"("review_status", "ended_at");

-- CreateIndex
CREATE INDEX "break_glass_extensions_session_id_extended_at_idx" ON "break_glass_extensions"("session_id", "extended_at");

-- CreateIndex
CREATE INDEX "notifications_recipient_id_created_at_idx" ON "notifications"("recipient_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_break_glass_session_id_seq_idx" ON "audit_events"("break_glass_session_id", "seq");

-- AddForeignKey
ALTER TABLE "break_glass_sessions" ADD CONSTRAINT "break_glass_sessions_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "break_glass_extensions" ADD CONSTRAINT "break_glass_extensions_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "break_glass_sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The states a session can be in, and the review outcomes, checked by the database too.
ALTER TABLE "break_glass_sessions" ADD CONSTRAINT "break_glass_sessions_status_check"
  CHECK ("status" IN ('PENDING', 'ACTIVE', 'CLOSED', 'REVOKED', 'EXPIRED', 'REJECTED', 'REQUEST_EXPIRED'));
ALTER TABLE "break_glass_sessions" ADD CONSTRAINT "break_glass_sessions_review_status_check"
  CHECK ("review_status" IS NULL OR "review_status" IN ('PENDING', 'ACKNOWLEDGED', 'FLAGGED'));
ALTER TABLE "break_glass_sessions" ADD CONSTRAINT "break_glass_sessions_active_has_expiry_check"
  CHECK ("status" <> 'ACTIVE' OR ("expires_at" IS NOT NULL AND "hard_expires_at" IS NOT NULL AND "expires_at" <= "hard_expires_at"));

-- The extension history is a record: append-only.
CREATE FUNCTION break_glass_extensions_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'break_glass_extensions is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER break_glass_extensions_no_update BEFORE UPDATE OR DELETE ON "break_glass_extensions"
  FOR EACH ROW EXECUTE FUNCTION break_glass_extensions_append_only();

-- One open session or request per person at a time: extend the one you have instead of stacking another.
CREATE UNIQUE INDEX "break_glass_sessions_one_open_per_requester" ON "break_glass_sessions"("requester_id")
  WHERE "status" IN ('PENDING', 'ACTIVE');
