-- CreateTable
CREATE TABLE "evidence_snapshots" (
    "id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "app_version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "requested_by_id" UUID,
    "requested_by_name" TEXT NOT NULL,
    "scope_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "claimed_by" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "total_items" INTEGER NOT NULL DEFAULT 0,
    "total_bytes" BIGINT NOT NULL DEFAULT 0,
    "processed_items" INTEGER NOT NULL DEFAULT 0,
    "processed_bytes" BIGINT NOT NULL DEFAULT 0,
    "ok_count" INTEGER NOT NULL DEFAULT 0,
    "changed_count" INTEGER NOT NULL DEFAULT 0,
    "missing_count" INTEGER NOT NULL DEFAULT 0,
    "bad_signature_count" INTEGER NOT NULL DEFAULT 0,
    "evidence_root" TEXT,
    "evidence_leaves" INTEGER,
    "audit_tree_size" INTEGER,
    "audit_root" TEXT,
    "failure_reason" TEXT,

    CONSTRAINT "evidence_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_snapshot_items" (
    "snapshot_id" UUID NOT NULL,
    "evidence_id" UUID NOT NULL,
    "recorded_sha256" TEXT NOT NULL,
    "actual_sha256" TEXT,
    "size" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_snapshot_items_pkey" PRIMARY KEY ("snapshot_id","evidence_id")
);

-- CreateTable
CREATE TABLE "continuity_reports" (
    "id" UUID NOT NULL,
    "baseline_id" UUID NOT NULL,
    "target_id" UUID NOT NULL,
    "verdict" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "document_sha256" TEXT NOT NULL,
    "envelope" JSONB NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,

    CONSTRAINT "continuity_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evidence_snapshots_requested_at_id_idx" ON "evidence_snapshots"("requested_at", "id");

-- CreateIndex
CREATE INDEX "evidence_snapshots_status_idx" ON "evidence_snapshots"("status");

-- CreateIndex
CREATE INDEX "evidence_snapshot_items_snapshot_id_status_evidence_id_idx" ON "evidence_snapshot_items"("snapshot_id", "status", "evidence_id");

-- CreateIndex
CREATE INDEX "continuity_reports_created_at_id_idx" ON "continuity_reports"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "continuity_reports_baseline_id_target_id_key" ON "continuity_reports"("baseline_id", "target_id");

-- AddForeignKey
ALTER TABLE "evidence_snapshot_items" ADD CONSTRAINT "evidence_snapshot_items_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "evidence_snapshots"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "continuity_reports" ADD CONSTRAINT "continuity_reports_baseline_id_fkey" FOREIGN KEY ("baseline_id") REFERENCES "evidence_snapshots"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "continuity_reports" ADD CONSTRAINT "continuity_reports_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "evidence_snapshots"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below: what Prisma's schema cannot say.

ALTER TABLE "evidence_snapshots" ADD CONSTRAINT "evidence_snapshots_status" CHECK (
  "status" IN ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED')
);
ALTER TABLE "evidence_snapshots" ADD CONSTRAINT "evidence_snapshots_label" CHECK (
  length(btrim("label")) BETWEEN 1 AND 120
);
ALTER TABLE "evidence_snapshots" ADD CONSTRAINT "evidence_snapshots_counts" CHECK (
  "processed_items" >= 0 AND "processed_items" = "ok_count" + "changed_count" + "missing_count" + "bad_signature_count"
);
-- a finished snapshot carries everything a continuity report needs
ALTER TABLE "evidence_snapshots" ADD CONSTRAINT "evidence_snapshots_finished" CHECK (
  "status" <> 'FINISHED' OR (
    "finished_at" IS NOT NULL AND "started_at" IS NOT NULL
    AND "evidence_root" ~ '^[0-9a-f]{64}$' AND "evidence_leaves" IS NOT NULL
    AND "audit_tree_size" IS NOT NULL AND "audit_root" ~ '^[0-9a-f]{64}$'
    AND "processed_items" = "total_items"
  )
);
ALTER TABLE "evidence_snapshots" ADD CONSTRAINT "evidence_snapshots_failed" CHECK (
  "status" <> 'FAILED' OR ("finished_at" IS NOT NULL AND "failure_reason" IS NOT NULL)
);
-- Two starts, however many server instances: at most one run is queued or running at any time.
CREATE UNIQUE INDEX "evidence_snapshots_one_active" ON "evidence_snapshots" ((true))
  WHERE "status" IN ('QUEUED', 'RUNNING');

ALTER TABLE "evidence_snapshot_items" ADD CONSTRAINT "evidence_snapshot_items_status" CHECK (
  "status" IN ('OK', 'CHANGED', 'MISSING', 'BAD_SIGNATURE')
);
ALTER TABLE "evidence_snapshot_items" ADD CONSTRAINT "evidence_snapshot_items_digests" CHECK (
  "recorded_sha256" ~ '^[0-9a-f]{64}$' AND ("actual_sha256" IS NULL OR "actual_sha256" ~ '^[0-9a-f]{64}$')
  AND ("status" = 'MISSING') = ("actual_sha256" IS NULL)
);

ALTER TABLE "continuity_reports" ADD CONSTRAINT "continuity_reports_verdict" CHECK ("verdict" IN ('CONTINUOUS', 'BROKEN'));
ALTER TABLE "continuity_reports" ADD CONSTRAINT "continuity_reports_two_snapshots" CHECK ("baseline_id" <> "target_id");
ALTER TABLE "continuity_reports" ADD CONSTRAINT "continuity_reports_digest" CHECK (
  "document_sha256" ~ '^[0-9a-f]{64}$' AND "key_id" ~ '^sha256:[0-9a-f]{64}$'
);

-- A snapshot changes while it runs (progress, then the result) and never after: what a report compared must stay
-- what it was. Its identity (label, who asked, when) never changes at all.
CREATE FUNCTION evidence_snapshots_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."status" IN ('QUEUED', 'RUNNING')
     AND NEW."id" = OLD."id" AND NEW."label" = OLD."label" AND NEW."app_version" = OLD."app_version"
     AND NEW."requested_at" = OLD."requested_at" AND NEW."requested_by_name" = OLD."requested_by_name"
     AND NEW."requested_by_id" IS NOT DISTINCT FROM OLD."requested_by_id" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_snapshots: % is not allowed (a % snapshot is kept as it is)', TG_OP, lower(OLD."status")
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER evidence_snapshots_guard_update BEFORE UPDATE ON "evidence_snapshots"
  FOR EACH ROW EXECUTE FUNCTION evidence_snapshots_guard();
CREATE TRIGGER evidence_snapshots_no_delete BEFORE DELETE ON "evidence_snapshots"
  FOR EACH ROW EXECUTE FUNCTION evidence_snapshots_guard();
CREATE TRIGGER evidence_snapshots_no_truncate BEFORE TRUNCATE ON "evidence_snapshots"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_change();

-- Items are added while their snapshot runs, never changed, never removed.
CREATE FUNCTION evidence_snapshot_items_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM "evidence_snapshots" WHERE "id" = NEW."snapshot_id" AND "status" = 'RUNNING') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'evidence_snapshot_items: items are added only while their snapshot runs'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'evidence_snapshot_items is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER evidence_snapshot_items_guard_insert BEFORE INSERT ON "evidence_snapshot_items"
  FOR EACH ROW EXECUTE FUNCTION evidence_snapshot_items_guard();
CREATE TRIGGER evidence_snapshot_items_no_update BEFORE UPDATE ON "evidence_snapshot_items"
  FOR EACH ROW EXECUTE FUNCTION evidence_snapshot_items_guard();
CREATE TRIGGER evidence_snapshot_items_no_delete BEFORE DELETE ON "evidence_snapshot_items"
  FOR EACH ROW EXECUTE FUNCTION evidence_snapshot_items_guard();
CREATE TRIGGER evidence_snapshot_items_no_truncate BEFORE TRUNCATE ON "evidence_snapshot_items"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_change();

-- A report compares two finished snapshots and is kept as it was signed.
CREATE FUNCTION continuity_reports_guard_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM "evidence_snapshots"
      WHERE "id" IN (NEW."baseline_id", NEW."target_id") AND "status" = 'FINISHED') = 2 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'continuity_reports: both snapshots must be finished'
    USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER continuity_reports_guard_insert BEFORE INSERT ON "continuity_reports"
  FOR EACH ROW EXECUTE FUNCTION continuity_reports_guard_insert();
CREATE TRIGGER continuity_reports_no_update BEFORE UPDATE ON "continuity_reports"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER continuity_reports_no_delete BEFORE DELETE ON "continuity_reports"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER continuity_reports_no_truncate BEFORE TRUNCATE ON "continuity_reports"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_change();
