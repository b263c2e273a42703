-- CreateTable
CREATE TABLE "signing_keys" (
    "id" UUID NOT NULL,
    "key_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "public_key_pem" TEXT NOT NULL,
    "backend_ref" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "activated_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revocation_reason" TEXT,
    "previous_key_id" TEXT,
    "rotation_reason" TEXT,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,
    "revoked_by_name" TEXT,
    "ceremony_id" TEXT,

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signature_records" (
    "id" UUID NOT NULL,
    "signing_key_id" UUID NOT NULL,
    "key_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "payload_type" TEXT NOT NULL,
    "payload_sha256" TEXT NOT NULL,
    "signature_sha256" TEXT NOT NULL,
    "subject_digest" TEXT,
    "envelope" JSONB NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "requester_id" TEXT,
    "requester_name" TEXT NOT NULL,
    "audit_seq" BIGINT NOT NULL,

    CONSTRAINT "signature_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "signing_keys_key_id_key" ON "signing_keys"("key_id");

-- CreateIndex
CREATE INDEX "signing_keys_purpose_activated_at_idx" ON "signing_keys"("purpose", "activated_at");

-- CreateIndex
CREATE INDEX "signing_keys_status_idx" ON "signing_keys"("status");

-- CreateIndex
CREATE UNIQUE INDEX "signature_records_signature_sha256_key" ON "signature_records"("signature_sha256");

-- CreateIndex
CREATE INDEX "signature_records_signing_key_id_signed_at_idx" ON "signature_records"("signing_key_id", "signed_at");

-- CreateIndex
CREATE INDEX "signature_records_subject_digest_idx" ON "signature_records"("subject_digest");

-- AddForeignKey
ALTER TABLE "signature_records" ADD CONSTRAINT "signature_records_signing_key_id_fkey" FOREIGN KEY ("signing_key_id") REFERENCES "signing_keys"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Raw SQL that Prisma's schema language cannot say.
-- The vocabulary of the registry, so a bad write fails in the database whatever code made it.
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_purpose_known"
  CHECK ("purpose" IN ('release', 'attestation', 'audit-checkpoint', 'mirror', 'dev'));
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_backend_known"
  CHECK ("backend" IN ('software', 'pkcs11', 'aws-kms', 'gcp-kms', 'vault-transit'));
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_status_known"
  CHECK ("status" IN ('active', 'retired', 'revoked'));
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_key_id_format"
  CHECK ("key_id" ~ '^sha256:[0-9a-f]{64}$');
-- status and times agree: an active key is neither retired nor revoked, a retired one has its end, a revoked one
-- its time and reason; a window never ends before it starts
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_status_times" CHECK (
  ("status" = 'active' AND "retired_at" IS NULL AND "revoked_at" IS NULL)
  OR ("status" = 'retired' AND "retired_at" IS NOT NULL AND "revoked_at" IS NULL)
  OR ("status" = 'revoked' AND "revoked_at" IS NOT NULL AND "revocation_reason" IS NOT NULL)
);
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_window_order" CHECK (
  ("retired_at" IS NULL OR "retired_at" >= "activated_at")
  AND ("revoked_at" IS NULL OR "revoked_at" >= "created_at")
);

-- At most one active key per purpose: two concurrent creations or rotations cannot both win.
CREATE UNIQUE INDEX "signing_keys_one_active_per_purpose" ON "signing_keys"("purpose") WHERE "status" = 'active';

-- Keys are never deleted (old signatures must keep verifying) and what identifies a key never changes; status
-- only moves forward: active -> retired -> revoked, or active -> revoked.
CREATE FUNCTION signing_keys_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'signing_keys rows are never deleted (revoke the key instead)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW."key_id" IS DISTINCT FROM OLD."key_id"
    OR NEW."public_key_pem" IS DISTINCT FROM OLD."public_key_pem"
    OR NEW."purpose" IS DISTINCT FROM OLD."purpose"
    OR NEW."backend" IS DISTINCT FROM OLD."backend"
    OR NEW."backend_ref" IS DISTINCT FROM OLD."backend_ref"
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

CREATE TRIGGER signing_keys_guard_update BEFORE UPDATE ON "signing_keys"
  FOR EACH ROW EXECUTE FUNCTION signing_keys_guard_change();
CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON "signing_keys"
  FOR EACH ROW EXECUTE FUNCTION signing_keys_guard_change();

-- Signature records are evidence of when something was signed: append-only, like the audit log.
CREATE FUNCTION signature_records_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'signature_records is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER signature_records_no_update BEFORE UPDATE ON "signature_records"
  FOR EACH ROW EXECUTE FUNCTION signature_records_reject_change();
CREATE TRIGGER signature_records_no_delete BEFORE DELETE ON "signature_records"
  FOR EACH ROW EXECUTE FUNCTION signature_records_reject_change();
CREATE TRIGGER signature_records_no_truncate BEFORE TRUNCATE ON "signature_records"
  FOR EACH STATEMENT EXECUTE FUNCTION signature_records_reject_change();
CREATE TRIGGER signing_keys_no_truncate BEFORE TRUNCATE ON "signing_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION signing_keys_guard_change();

ALTER TABLE "signature_records" ADD CONSTRAINT "signature_records_digests_format" CHECK (
  "payload_sha256" ~ '^[0-9a-f]{64}$' AND "signature_sha256" ~ '^[0-9a-f]{64}$' AND "key_id" ~ '^sha256:[0-9a-f]{64}$'
);
