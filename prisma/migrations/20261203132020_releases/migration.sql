-- CreateTable
CREATE TABLE "releases" (
    "id" UUID NOT NULL,
    "product" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "source_commit" TEXT NOT NULL,
    "ci_run_id" TEXT NOT NULL,
    "ci_run_url" TEXT,
    "bundle_digest" TEXT NOT NULL,
    "checksums" TEXT NOT NULL,
    "checksums_signature" TEXT,
    "manifest_dsse" JSONB,
    "verification_status" TEXT NOT NULL,
    "verification_report" JSONB NOT NULL,
    "verification_digest" TEXT NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,
    "registered_by_id" UUID,
    "registered_by_token_id" UUID,
    "registered_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "releases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "release_artifacts" (
    "id" UUID NOT NULL,
    "release_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "stored" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "release_artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environment_policies" (
    "environment" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "required_approvals" JSONB NOT NULL,
    "soak_minutes" INTEGER NOT NULL DEFAULT 0,
    "request_ttl_hours" INTEGER NOT NULL DEFAULT 72,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" UUID,
    "updated_by_name" TEXT,

    CONSTRAINT "environment_policies_pkey" PRIMARY KEY ("environment")
);

-- CreateTable
CREATE TABLE "freeze_windows" (
    "id" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "freeze_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_requests" (
    "id" UUID NOT NULL,
    "release_id" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by_id" UUID,
    "requested_by_token_id" UUID,
    "requested_by_name" TEXT NOT NULL,
    "comment" TEXT,
    "bundle_digest" TEXT NOT NULL,
    "verification_digest" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "closed_reason" TEXT,

    CONSTRAINT "promotion_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_approvals" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "approver_id" UUID NOT NULL,
    "approver_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "bundle_digest" TEXT NOT NULL,
    "verification_digest" TEXT NOT NULL,
    "auth_time" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "promotion_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotions" (
    "id" UUID NOT NULL,
    "release_id" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "request_id" UUID,
    "bundle_digest" TEXT NOT NULL,
    "approvers" JSONB NOT NULL,
    "promoted_at" TIMESTAMPTZ(3) NOT NULL,
    "promoted_by_id" UUID,
    "promoted_by_name" TEXT NOT NULL,
    "ci_run_id" TEXT NOT NULL,
    "target_path" TEXT NOT NULL,
    "verification_report" JSONB NOT NULL,
    "attestation" JSONB NOT NULL,
    "attestation_key_id" TEXT NOT NULL,
    "break_glass_session_id" UUID,

    CONSTRAINT "promotions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publications" (
    "id" UUID NOT NULL,
    "release_id" UUID NOT NULL,
    "bundle_name" TEXT NOT NULL,
    "bundle_digest" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "publisher_id" UUID,
    "publisher_name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "download_url" TEXT NOT NULL,

    CONSTRAINT "publications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "releases_created_at_id_idx" ON "releases"("created_at", "id");

-- CreateIndex
CREATE INDEX "releases_product_created_at_idx" ON "releases"("product", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "releases_product_version_key" ON "releases"("product", "version");

-- CreateIndex
CREATE INDEX "release_artifacts_sha256_idx" ON "release_artifacts"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "release_artifacts_release_id_path_key" ON "release_artifacts"("release_id", "path");

-- CreateIndex
CREATE UNIQUE INDEX "environment_policies_position_key" ON "environment_policies"("position");

-- CreateIndex
CREATE INDEX "freeze_windows_environment_ends_at_idx" ON "freeze_windows"("environment", "ends_at");

-- CreateIndex
CREATE INDEX "promotion_requests_status_expires_at_idx" ON "promotion_requests"("status", "expires_at");

-- CreateIndex
CREATE INDEX "promotion_requests_release_id_environment_idx" ON "promotion_requests"("release_id", "environment");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_approvals_request_id_approver_id_key" ON "promotion_approvals"("request_id", "approver_id");

-- CreateIndex
CREATE UNIQUE INDEX "promotions_request_id_key" ON "promotions"("request_id");

-- CreateIndex
CREATE INDEX "promotions_environment_promoted_at_idx" ON "promotions"("environment", "promoted_at");

-- CreateIndex
CREATE UNIQUE INDEX "promotions_release_id_environment_key" ON "promotions"("release_id", "environment");

-- CreateIndex
CREATE UNIQUE INDEX "publications_release_id_key" ON "publications"("release_id");

-- AddForeignKey
ALTER TABLE "release_artifacts" ADD CONSTRAINT "release_artifacts_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_approvals" ADD CONSTRAINT "promotion_approvals_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "promotion_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "promotion_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publications" ADD CONSTRAINT "publications_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Promotions and publications are written once. The unique indexes above make a second promotion of a version
-- to an environment (or a second publication) impossible; these triggers make the first one unchangeable.
CREATE FUNCTION release_records_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER promotions_no_update BEFORE UPDATE ON "promotions"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER promotions_no_delete BEFORE DELETE ON "promotions"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER publications_no_update BEFORE UPDATE ON "publications"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER publications_no_delete BEFORE DELETE ON "publications"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
-- a registered release's identity never changes (product, version, the digest approvals are bound to)
CREATE FUNCTION releases_reject_identity_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.product <> OLD.product OR NEW.version <> OLD.version OR NEW.bundle_digest <> OLD.bundle_digest
     OR NEW.checksums <> OLD.checksums THEN
    RAISE EXCEPTION 'a release''s product, version and artifacts are immutable'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER releases_identity_immutable BEFORE UPDATE ON "releases"
  FOR EACH ROW EXECUTE FUNCTION releases_reject_identity_change();
CREATE TRIGGER releases_no_delete BEFORE DELETE ON "releases"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();

ALTER TABLE "environment_policies" ADD CONSTRAINT "environment_policies_environment" CHECK ("environment" IN ('DEV', 'STAGING', 'PROD'));
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_environment" CHECK ("environment" IN ('DEV', 'STAGING', 'PROD'));
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_environment" CHECK ("environment" IN ('DEV', 'STAGING', 'PROD'));
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_status" CHECK ("status" IN ('PENDING', 'PROMOTED', 'REJECTED', 'EXPIRED', 'CANCELLED'));
ALTER TABLE "promotion_approvals" ADD CONSTRAINT "promotion_approvals_decision" CHECK ("decision" IN ('APPROVE', 'REJECT'));
ALTER TABLE "releases" ADD CONSTRAINT "releases_verification_status" CHECK ("verification_status" IN ('VERIFIED', 'FAILED'));
ALTER TABLE "releases" ADD CONSTRAINT "releases_bundle_digest" CHECK ("bundle_digest" ~ '^[0-9a-f]{64}$');
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_bundle_digest" CHECK ("bundle_digest" ~ '^[0-9a-f]{64}$');

-- the default policy of the seed documents: DEV automatic, STAGING one release engineer, PROD dual control
INSERT INTO "environment_policies" ("environment", "position", "required_approvals", "soak_minutes", "request_ttl_hours") VALUES
  ('DEV', 1, '[]', 0, 72),
  ('STAGING', 2, '[{"role":"RELEASE_ENGINEER","count":1}]', 0, 72),
  ('PROD', 3, '[{"role":"RELEASE_ENGINEER","count":1},{"role":"SECURITY_OFFICER","count":1}]', 0, 72);
