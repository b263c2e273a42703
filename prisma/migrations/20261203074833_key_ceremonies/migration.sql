-- CreateTable
CREATE TABLE "key_ceremonies" (
    "id" UUID NOT NULL,
    "operation" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "purpose" TEXT,
    "key_id" TEXT,
    "reason" TEXT NOT NULL,
    "required_approvals" INTEGER NOT NULL,
    "eligible_role" TEXT NOT NULL,
    "custodian_ids" UUID[],
    "custodian_count" INTEGER NOT NULL,
    "initiator_counts" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "initiator_id" UUID NOT NULL,
    "initiator_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "failure" TEXT,

    CONSTRAINT "key_ceremonies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "key_ceremony_approvals" (
    "id" UUID NOT NULL,
    "ceremony_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "user_name" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "key_ceremony_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "key_escrows" (
    "id" UUID NOT NULL,
    "key_id" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "share_count" INTEGER NOT NULL,
    "secret_sha256" TEXT NOT NULL,
    "shares" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "recovered_at" TIMESTAMPTZ(3),

    CONSTRAINT "key_escrows_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "key_ceremonies_status_expires_at_idx" ON "key_ceremonies"("status", "expires_at");

-- CreateIndex
CREATE INDEX "key_ceremonies_created_at_idx" ON "key_ceremonies"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "key_ceremony_approvals_ceremony_id_user_id_key" ON "key_ceremony_approvals"("ceremony_id", "user_id");

-- CreateIndex
CREATE INDEX "key_escrows_key_id_created_at_idx" ON "key_escrows"("key_id", "created_at");

-- AddForeignKey
ALTER TABLE "key_ceremony_approvals" ADD CONSTRAINT "key_ceremony_approvals_ceremony_id_fkey" FOREIGN KEY ("ceremony_id") REFERENCES "key_ceremonies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Vocabulary and sanity, held by the database itself.
ALTER TABLE "key_ceremonies" ADD CONSTRAINT "key_ceremonies_operation_check"
  CHECK ("operation" IN ('create', 'rotate', 'revoke', 'escrow-recover'));
ALTER TABLE "key_ceremonies" ADD CONSTRAINT "key_ceremonies_status_check"
  CHECK ("status" IN ('pending', 'executed', 'rejected', 'expired', 'failed'));
ALTER TABLE "key_ceremonies" ADD CONSTRAINT "key_ceremonies_m_of_n_check"
  CHECK ("required_approvals" >= 2 AND "required_approvals" <= "custodian_count");
ALTER TABLE "key_ceremony_approvals" ADD CONSTRAINT "key_ceremony_approvals_decision_check"
  CHECK ("decision" IN ('approve', 'reject'));
ALTER TABLE "key_escrows" ADD CONSTRAINT "key_escrows_status_check" CHECK ("status" IN ('active', 'superseded'));
ALTER TABLE "key_escrows" ADD CONSTRAINT "key_escrows_m_of_n_check"
  CHECK ("threshold" >= 2 AND "threshold" <= "share_count" AND "share_count" <= 255);
CREATE UNIQUE INDEX "key_escrows_one_active_per_key" ON "key_escrows"("key_id") WHERE "status" = 'active';

-- A decision, once made, is history.
CREATE FUNCTION key_ceremony_approvals_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'key_ceremony_approvals is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER key_ceremony_approvals_no_update BEFORE UPDATE ON "key_ceremony_approvals"
  FOR EACH ROW EXECUTE FUNCTION key_ceremony_approvals_reject_change();
CREATE TRIGGER key_ceremony_approvals_no_delete BEFORE DELETE ON "key_ceremony_approvals"
  FOR EACH ROW EXECUTE FUNCTION key_ceremony_approvals_reject_change();

-- Escrow recovery re-seals a software key under the configured key-encryption key, which changes its backend ref
-- (and only that). The guard allows it only inside a transaction that declared the recovery of that very key
-- (set_config('portal.key_recovery', <key id>, true), done by the recovery service after checking the rebuilt key
-- against the key id); everything else about the guard is unchanged.
CREATE OR REPLACE FUNCTION signing_keys_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'signing_keys rows are never deleted (revoke the key instead)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW."key_id" IS DISTINCT FROM OLD."key_id"
    OR NEW."public_key_pem" IS DISTINCT FROM OLD."public_key_pem"
    OR NEW."purpose" IS DISTINCT FROM OLD."purpose"
    OR NEW."backend" IS DISTINCT FROM OLD."backend"
    OR (NEW."backend_ref" IS DISTINCT FROM OLD."backend_ref"
      AND NOT (OLD."backend" = 'software'
        AND current_setting('portal.key_recovery', true) IS NOT DISTINCT FROM OLD."key_id"))
    OR NEW."created_at" IS DISTINCT FROM OLD."created_at"
    OR NEW."activated_at" IS DISTINCT FROM OLD."activated_at" THEN
    RAISE EXCEPTION 'the identity of a signing key cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD."status" = 'revoked' AND (NEW."status" <> 'revoked' OR NEW."revoked_at" IS DISTINCT FROM OLD."revoked_at") THEN
    RAISE EXCEPTION 'a revoked signing key stays revoked' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD."status" = 'retired' AND NEW."status" = 'active' THEN
    RAISE EXCEPTION 'a retired signing key cannot become active again' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD."retired_at" IS NOT NULL AND NEW."retired_at" IS DISTINCT FROM OLD."retired_at" THEN
    RAISE EXCEPTION 'the end of a validity window cannot move' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
