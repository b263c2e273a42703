-- CreateTable
CREATE TABLE "evidence_records" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "media_type" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "subject_digest" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "producer_kind" TEXT NOT NULL,
    "producer_user_id" UUID,
    "producer_token_id" UUID,
    "producer_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evidence_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_links" (
    "id" UUID NOT NULL,
    "evidence_id" UUID NOT NULL,
    "release_id" UUID,
    "proof_artifact_id" UUID,
    "break_glass_session_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_name" TEXT NOT NULL,

    CONSTRAINT "evidence_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_bundles" (
    "id" UUID NOT NULL,
    "archive_evidence_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "selection_label" TEXT NOT NULL,
    "file_count" INTEGER NOT NULL,
    "total_bytes" BIGINT NOT NULL,
    "merkle_root" TEXT NOT NULL,
    "manifest_sha256" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,

    CONSTRAINT "evidence_bundles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_bundle_items" (
    "bundle_id" UUID NOT NULL,
    "evidence_id" UUID NOT NULL,
    "path" TEXT NOT NULL,

    CONSTRAINT "evidence_bundle_items_pkey" PRIMARY KEY ("bundle_id","evidence_id")
);

-- CreateIndex
CREATE INDEX "evidence_records_created_at_id_idx" ON "evidence_records"("created_at", "id");

-- CreateIndex
CREATE INDEX "evidence_records_kind_created_at_idx" ON "evidence_records"("kind", "created_at");

-- CreateIndex
CREATE INDEX "evidence_records_subject_digest_idx" ON "evidence_records"("subject_digest");

-- CreateIndex
CREATE INDEX "evidence_links_release_id_idx" ON "evidence_links"("release_id");

-- CreateIndex
CREATE INDEX "evidence_links_proof_artifact_id_idx" ON "evidence_links"("proof_artifact_id");

-- CreateIndex
CREATE INDEX "evidence_links_break_glass_session_id_idx" ON "evidence_links"("break_glass_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "evidence_links_evidence_id_release_id_key" ON "evidence_links"("evidence_id", "release_id");

-- CreateIndex
CREATE UNIQUE INDEX "evidence_links_evidence_id_proof_artifact_id_key" ON "evidence_links"("evidence_id", "proof_artifact_id");

-- CreateIndex
CREATE UNIQUE INDEX "evidence_links_evidence_id_break_glass_session_id_key" ON "evidence_links"("evidence_id", "break_glass_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "evidence_bundles_archive_evidence_id_key" ON "evidence_bundles"("archive_evidence_id");

-- CreateIndex
CREATE INDEX "evidence_bundles_created_at_id_idx" ON "evidence_bundles"("created_at", "id");

-- CreateIndex
CREATE INDEX "evidence_bundle_items_evidence_id_idx" ON "evidence_bundle_items"("evidence_id");

-- AddForeignKey
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence_records"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_proof_artifact_id_fkey" FOREIGN KEY ("proof_artifact_id") REFERENCES "compliance_proof_artifacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_break_glass_session_id_fkey" FOREIGN KEY ("break_glass_session_id") REFERENCES "break_glass_sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_bundles" ADD CONSTRAINT "evidence_bundles_archive_evidence_id_fkey" FOREIGN KEY ("archive_evidence_id") REFERENCES "evidence_records"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_bundle_items" ADD CONSTRAINT "evidence_bundle_items_bundle_id_fkey" FOREIGN KEY ("bundle_id") REFERENCES "evidence_bundles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_bundle_items" ADD CONSTRAINT "evidence_bundle_items_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence_records"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The same bytes of the same kind about the same subject are one record: a second upload gets the first back.
-- NULLS NOT DISTINCT makes "no subject" one value here (Prisma's schema cannot say it, hence raw SQL).
CREATE UNIQUE INDEX "evidence_records_identity" ON "evidence_records"("sha256", "kind", "subject_digest") NULLS NOT DISTINCT;

ALTER TABLE "evidence_records" ADD CONSTRAINT "evidence_records_kind" CHECK (
  "kind" IN ('SBOM', 'ATTESTATION', 'SCAN_REPORT', 'RELEASE_BUNDLE', 'AUDIT_EXPORT', 'OTHER')
);
ALTER TABLE "evidence_records" ADD CONSTRAINT "evidence_records_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "evidence_records" ADD CONSTRAINT "evidence_records_size" CHECK ("size" > 0);
ALTER TABLE "evidence_records" ADD CONSTRAINT "evidence_records_subject_digest" CHECK (
  "subject_digest" IS NULL OR "subject_digest" ~ '^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$'
);
ALTER TABLE "evidence_records" ADD CONSTRAINT "evidence_records_producer" CHECK (
  ("producer_kind" = 'USER' AND "producer_user_id" IS NOT NULL AND "producer_token_id" IS NULL)
  OR ("producer_kind" = 'API_TOKEN' AND "producer_token_id" IS NOT NULL AND "producer_user_id" IS NULL)
  OR ("producer_kind" = 'SYSTEM' AND "producer_user_id" IS NULL AND "producer_token_id" IS NULL)
);
-- a link points at exactly one thing
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_one_target" CHECK (
  num_nonnulls("release_id", "proof_artifact_id", "break_glass_session_id") = 1
);
ALTER TABLE "evidence_bundles" ADD CONSTRAINT "evidence_bundles_digests" CHECK (
  "merkle_root" ~ '^[0-9a-f]{64}$' AND "manifest_sha256" ~ '^[0-9a-f]{64}$' AND "key_id" ~ '^sha256:[0-9a-f]{64}$'
);
ALTER TABLE "evidence_bundles" ADD CONSTRAINT "evidence_bundles_counts" CHECK ("file_count" > 0 AND "total_bytes" > 0);

-- Evidence, bundles and bundle contents are written once: what an auditor was given must stay what it was.
CREATE FUNCTION evidence_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER evidence_records_no_update BEFORE UPDATE ON "evidence_records"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_records_no_delete BEFORE DELETE ON "evidence_records"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_records_no_truncate BEFORE TRUNCATE ON "evidence_records"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_bundles_no_update BEFORE UPDATE ON "evidence_bundles"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_bundles_no_delete BEFORE DELETE ON "evidence_bundles"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_bundles_no_truncate BEFORE TRUNCATE ON "evidence_bundles"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_bundle_items_no_update BEFORE UPDATE ON "evidence_bundle_items"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_bundle_items_no_delete BEFORE DELETE ON "evidence_bundle_items"
  FOR EACH ROW EXECUTE FUNCTION evidence_reject_change();
CREATE TRIGGER evidence_bundle_items_no_truncate BEFORE TRUNCATE ON "evidence_bundle_items"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_change();

-- Links are never edited or removed by hand. The one deletion allowed is the cascade from a removed compliance
-- proof artifact (the foreign key's own trigger runs the DELETE, one trigger level down).
CREATE FUNCTION evidence_links_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 AND OLD."proof_artifact_id" IS NOT NULL THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'evidence_links: % is not allowed (links are added, never changed)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER evidence_links_no_update BEFORE UPDATE ON "evidence_links"
  FOR EACH ROW EXECUTE FUNCTION evidence_links_guard_change();
CREATE TRIGGER evidence_links_guard_delete BEFORE DELETE ON "evidence_links"
  FOR EACH ROW EXECUTE FUNCTION evidence_links_guard_change();
CREATE TRIGGER evidence_links_no_truncate BEFORE TRUNCATE ON "evidence_links"
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_reject_change();
