-- CreateTable
CREATE TABLE "policy_packs" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,

    CONSTRAINT "policy_packs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_pack_versions" (
    "id" UUID NOT NULL,
    "pack_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "document_sha256" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "imported_envelope" JSONB,
    "imported_key_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,

    CONSTRAINT "policy_pack_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "active_policy_pack" (
    "slot" TEXT NOT NULL DEFAULT 'portal',
    "pack_id" UUID NOT NULL,
    "activated_at" TIMESTAMPTZ(3) NOT NULL,
    "activated_by_id" UUID,
    "activated_by_name" TEXT NOT NULL,

    CONSTRAINT "active_policy_pack_pkey" PRIMARY KEY ("slot")
);

-- CreateTable
CREATE TABLE "vex_exceptions" (
    "id" UUID NOT NULL,
    "document" JSONB NOT NULL,
    "document_sha256" TEXT NOT NULL,
    "envelope" JSONB NOT NULL,
    "key_id" TEXT NOT NULL,
    "vulnerability" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "justification" TEXT,
    "impact_statement" TEXT,
    "scope_kind" TEXT NOT NULL,
    "product" TEXT,
    "versions" TEXT[],
    "release_id" UUID,
    "expires_at" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_name" TEXT,
    "revoke_reason" TEXT,

    CONSTRAINT "vex_exceptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gate_evaluations" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "release_id" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "pack_version_id" UUID,
    "verdict" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "inputs_digest" TEXT NOT NULL,
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT NOT NULL,

    CONSTRAINT "gate_evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "policy_packs_name_key" ON "policy_packs"("name");

-- CreateIndex
CREATE UNIQUE INDEX "policy_pack_versions_pack_id_version_key" ON "policy_pack_versions"("pack_id", "version");

-- CreateIndex
CREATE INDEX "vex_exceptions_vulnerability_idx" ON "vex_exceptions"("vulnerability");

-- CreateIndex
CREATE INDEX "vex_exceptions_release_id_idx" ON "vex_exceptions"("release_id");

-- CreateIndex
CREATE INDEX "vex_exceptions_scope_kind_product_idx" ON "vex_exceptions"("scope_kind", "product");

-- CreateIndex
CREATE UNIQUE INDEX "gate_evaluations_seq_key" ON "gate_evaluations"("seq");

-- CreateIndex
CREATE INDEX "gate_evaluations_release_id_environment_seq_idx" ON "gate_evaluations"("release_id", "environment", "seq");

-- AddForeignKey
ALTER TABLE "policy_pack_versions" ADD CONSTRAINT "policy_pack_versions_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "policy_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_evaluations" ADD CONSTRAINT "gate_evaluations_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Raw SQL (Prisma's schema cannot say it) ------------------------------------------------------------------------

-- A pack version is what evaluations name by digest, and an evaluation is a record of what was decided: neither is
-- ever edited or removed (an edit of a pack is a new version).
CREATE TRIGGER policy_pack_versions_no_update BEFORE UPDATE ON "policy_pack_versions"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER policy_pack_versions_no_delete BEFORE DELETE ON "policy_pack_versions"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER gate_evaluations_no_update BEFORE UPDATE ON "gate_evaluations"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER gate_evaluations_no_delete BEFORE DELETE ON "gate_evaluations"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();

-- One pack in force for the whole portal.
ALTER TABLE "active_policy_pack" ADD CONSTRAINT "active_policy_pack_single_slot" CHECK ("slot" = 'portal');
