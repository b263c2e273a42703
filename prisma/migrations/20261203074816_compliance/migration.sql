-- CreateTable
CREATE TABLE "compliance_programs" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "created_on" TEXT,
    "updated_on" TEXT,
    "document_history" JSONB NOT NULL,
    "extra_sections" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "compliance_programs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_items" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "why_it_matters" TEXT NOT NULL,
    "target_level" TEXT NOT NULL,
    "document_coverage" DOUBLE PRECISION,
    "document_status" TEXT,

    CONSTRAINT "compliance_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_requirements" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "implementation" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sprint" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "frameworks" TEXT[],

    CONSTRAINT "compliance_requirements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_phases" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "level" TEXT NOT NULL,

    CONSTRAINT "compliance_phases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_sprints" (
    "id" UUID NOT NULL,
    "phase_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "module" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,

    CONSTRAINT "compliance_sprints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_proof_artifacts" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "evidence_sha256" TEXT,
    "evidence_name" TEXT,
    "evidence_size" INTEGER,
    "signature" JSONB,
    "updated_at" TIMESTAMPTZ(3),

    CONSTRAINT "compliance_proof_artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_deliverables" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" TEXT NOT NULL,

    CONSTRAINT "compliance_deliverables_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_stakeholders" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "portal_role" "Role",

    CONSTRAINT "compliance_stakeholders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_sign_offs" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "stakeholder_role" TEXT NOT NULL,
    "signer_id" UUID,
    "signer_name" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "content_sha256" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "envelope" JSONB NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "compliance_sign_offs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_coverage_snapshots" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "revision" INTEGER NOT NULL,
    "coverage" DOUBLE PRECISION,
    "items" JSONB NOT NULL,

    CONSTRAINT "compliance_coverage_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "compliance_programs_slug_key" ON "compliance_programs"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_items_program_id_number_key" ON "compliance_items"("program_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_requirements_item_id_position_key" ON "compliance_requirements"("item_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_phases_program_id_number_key" ON "compliance_phases"("program_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_sprints_phase_id_position_key" ON "compliance_sprints"("phase_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_proof_artifacts_item_id_position_key" ON "compliance_proof_artifacts"("item_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_deliverables_program_id_position_key" ON "compliance_deliverables"("program_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_stakeholders_program_id_position_key" ON "compliance_stakeholders"("program_id", "position");

-- CreateIndex
CREATE INDEX "compliance_sign_offs_program_id_signed_at_idx" ON "compliance_sign_offs"("program_id", "signed_at");

-- CreateIndex
CREATE INDEX "compliance_coverage_snapshots_program_id_taken_at_idx" ON "compliance_coverage_snapshots"("program_id", "taken_at");

-- AddForeignKey
ALTER TABLE "compliance_items" ADD CONSTRAINT "compliance_items_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "compliance_programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_requirements" ADD CONSTRAINT "compliance_requirements_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "compliance_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_phases" ADD CONSTRAINT "compliance_phases_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "compliance_programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_sprints" ADD CONSTRAINT "compliance_sprints_phase_id_fkey" FOREIGN KEY ("phase_id") REFERENCES "compliance_phases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_proof_artifacts" ADD CONSTRAINT "compliance_proof_artifacts_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "compliance_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_deliverables" ADD CONSTRAINT "compliance_deliverables_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "compliance_programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_stakeholders" ADD CONSTRAINT "compliance_stakeholders_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "compliance_programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_sign_offs" ADD CONSTRAINT "compliance_sign_offs_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "compliance_programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_coverage_snapshots" ADD CONSTRAINT "compliance_coverage_snapshots_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "compliance_programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The vocabularies the services use, enforced by the database too.
ALTER TABLE "compliance_requirements" ADD CONSTRAINT "compliance_requirements_status"
  CHECK ("status" IN ('DONE', 'PARTIAL', 'TODO', 'DEFERRED'));
ALTER TABLE "compliance_items" ADD CONSTRAINT "compliance_items_target_level"
  CHECK ("target_level" IN ('DEMO', 'RFP', 'AUDIT'));
ALTER TABLE "compliance_phases" ADD CONSTRAINT "compliance_phases_level"
  CHECK ("level" IN ('DEMO', 'RFP', 'AUDIT'));
ALTER TABLE "compliance_proof_artifacts" ADD CONSTRAINT "compliance_proof_artifacts_sha256"
  CHECK ("evidence_sha256" IS NULL OR "evidence_sha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "compliance_sign_offs" ADD CONSTRAINT "compliance_sign_offs_sha256"
  CHECK ("content_sha256" ~ '^[0-9a-f]{64}$');

-- A sign-off is a record of what was signed: it is never edited (superseded is computed, not written).
CREATE FUNCTION compliance_sign_offs_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'compliance_sign_offs is append-only';
END;
$$;
CREATE TRIGGER compliance_sign_offs_no_update BEFORE UPDATE ON "compliance_sign_offs"
  FOR EACH ROW EXECUTE FUNCTION compliance_sign_offs_reject_update();
