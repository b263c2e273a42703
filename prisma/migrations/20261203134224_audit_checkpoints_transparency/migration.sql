-- CreateTable
CREATE TABLE "audit_tree_nodes" (
    "level" SMALLINT NOT NULL,
    "index" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "audit_tree_nodes_pkey" PRIMARY KEY ("level","index")
);

-- CreateTable
CREATE TABLE "audit_tree_index" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "size" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_tree_index_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" UUID NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "root_hash" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "signed_note" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "requested_by_name" TEXT NOT NULL,
    "audit_seq" BIGINT NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transparency_logs" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_sync_error" TEXT,

    CONSTRAINT "transparency_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transparency_log_keys" (
    "id" UUID NOT NULL,
    "log_id" UUID NOT NULL,
    "key_name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "public_key_pem" TEXT NOT NULL,
    "vkey" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,
    "added_by_name" TEXT NOT NULL,
    "removed_at" TIMESTAMPTZ(3),
    "removed_by_name" TEXT,

    CONSTRAINT "transparency_log_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transparency_checkpoints" (
    "id" UUID NOT NULL,
    "log_id" UUID NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "root_hash" TEXT NOT NULL,
    "signed_note" TEXT NOT NULL,
    "state_time" TIMESTAMPTZ(3),
    "key_name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "proven_against_id" UUID,
    "imported_at" TIMESTAMPTZ(3) NOT NULL,
    "imported_by_name" TEXT NOT NULL,

    CONSTRAINT "transparency_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transparency_entries" (
    "id" UUID NOT NULL,
    "log_id" UUID NOT NULL,
    "leaf_index" BIGINT NOT NULL,
    "log_index" TEXT,
    "leaf_hash" TEXT NOT NULL,
    "body" BYTEA,
    "kind" TEXT,
    "tree_size" BIGINT NOT NULL,
    "proof" TEXT[],
    "checkpoint_id" UUID NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,
    "imported_by_name" TEXT NOT NULL,

    CONSTRAINT "transparency_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transparency_alarms" (
    "id" UUID NOT NULL,
    "log_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "trusted_checkpoint_id" UUID NOT NULL,
    "conflicting_checkpoint_id" UUID NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_name" TEXT,
    "acknowledgement" TEXT,

    CONSTRAINT "transparency_alarms_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_checkpoints_tree_size_key" ON "audit_checkpoints"("tree_size");

-- CreateIndex
CREATE UNIQUE INDEX "audit_checkpoints_audit_seq_key" ON "audit_checkpoints"("audit_seq");

-- CreateIndex
CREATE INDEX "audit_checkpoints_signed_at_idx" ON "audit_checkpoints"("signed_at");

-- CreateIndex
CREATE UNIQUE INDEX "transparency_logs_origin_key" ON "transparency_logs"("origin");

-- CreateIndex
CREATE UNIQUE INDEX "transparency_log_keys_log_id_key_name_key_hash_key" ON "transparency_log_keys"("log_id", "key_name", "key_hash");

-- CreateIndex
CREATE INDEX "transparency_checkpoints_log_id_status_tree_size_idx" ON "transparency_checkpoints"("log_id", "status", "tree_size");

-- CreateIndex
CREATE UNIQUE INDEX "transparency_checkpoints_log_id_tree_size_root_hash_key" ON "transparency_checkpoints"("log_id", "tree_size", "root_hash");

-- CreateIndex
CREATE INDEX "transparency_entries_log_id_leaf_index_idx" ON "transparency_entries"("log_id", "leaf_index");

-- CreateIndex
CREATE UNIQUE INDEX "transparency_entries_log_id_leaf_hash_tree_size_key" ON "transparency_entries"("log_id", "leaf_hash", "tree_size");

-- CreateIndex
CREATE INDEX "transparency_alarms_acknowledged_at_detected_at_idx" ON "transparency_alarms"("acknowledged_at", "detected_at");

-- AddForeignKey
ALTER TABLE "transparency_log_keys" ADD CONSTRAINT "transparency_log_keys_log_id_fkey" FOREIGN KEY ("log_id") REFERENCES "transparency_logs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transparency_checkpoints" ADD CONSTRAINT "transparency_checkpoints_log_id_fkey" FOREIGN KEY ("log_id") REFERENCES "transparency_logs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transparency_entries" ADD CONSTRAINT "transparency_entries_log_id_fkey" FOREIGN KEY ("log_id") REFERENCES "transparency_logs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transparency_alarms" ADD CONSTRAINT "transparency_alarms_log_id_fkey" FOREIGN KEY ("log_id") REFERENCES "transparency_logs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Raw SQL that Prisma's schema language cannot say.
-- Audit checkpoints and the tree they sign: written once, never changed or removed, whatever the application does.
CREATE FUNCTION audit_tree_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_tree_nodes_no_update BEFORE UPDATE ON "audit_tree_nodes"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER audit_tree_nodes_no_delete BEFORE DELETE ON "audit_tree_nodes"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER audit_tree_nodes_no_truncate BEFORE TRUNCATE ON "audit_tree_nodes"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_reject_change();

-- the indexed size only grows (a smaller size would claim nodes that exist are missing)
CREATE FUNCTION audit_tree_index_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.size < OLD.size OR NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'audit_tree_index only moves forward: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_tree_index_forward BEFORE UPDATE OR DELETE ON "audit_tree_index"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_index_forward_only();
CREATE TRIGGER audit_tree_index_no_truncate BEFORE TRUNCATE ON "audit_tree_index"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_reject_change();

ALTER TABLE "audit_tree_nodes" ADD CONSTRAINT "audit_tree_nodes_shape"
  CHECK ("level" BETWEEN 1 AND 62 AND "index" >= 0 AND octet_length("hash") = 32);
ALTER TABLE "audit_tree_index" ADD CONSTRAINT "audit_tree_index_single" CHECK ("id" = 1 AND "size" >= 0);
ALTER TABLE "audit_checkpoints" ADD CONSTRAINT "audit_checkpoints_shape"
  CHECK ("tree_size" >= 1 AND "root_hash" ~ '^[0-9a-f]{64}$' AND "key_id" ~ '^sha256:[0-9a-f]{64}$'
         AND "trigger" IN ('scheduled', 'manual'));

-- The mirror keeps every checkpoint and entry it accepted, and every alarm; only an alarm's acknowledgement and
-- a key's removal are recorded afterwards, once.
CREATE TRIGGER transparency_checkpoints_no_update BEFORE UPDATE ON "transparency_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER transparency_checkpoints_no_delete BEFORE DELETE ON "transparency_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER transparency_entries_no_update BEFORE UPDATE ON "transparency_entries"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER transparency_entries_no_delete BEFORE DELETE ON "transparency_entries"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER transparency_alarms_no_delete BEFORE DELETE ON "transparency_alarms"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER transparency_log_keys_no_delete BEFORE DELETE ON "transparency_log_keys"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();
CREATE TRIGGER transparency_logs_no_delete BEFORE DELETE ON "transparency_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_tree_reject_change();

CREATE FUNCTION transparency_alarms_acknowledge_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.acknowledged_at IS NOT NULL OR NEW.acknowledged_at IS NULL
     OR (NEW.id, NEW.log_id, NEW.kind, NEW.detail, NEW.trusted_checkpoint_id, NEW.conflicting_checkpoint_id, NEW.detected_at)
        IS DISTINCT FROM
        (OLD.id, OLD.log_id, OLD.kind, OLD.detail, OLD.trusted_checkpoint_id, OLD.conflicting_checkpoint_id, OLD.detected_at) THEN
    RAISE EXCEPTION 'a divergence alarm is only ever acknowledged, once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER transparency_alarms_acknowledge BEFORE UPDATE ON "transparency_alarms"
  FOR EACH ROW EXECUTE FUNCTION transparency_alarms_acknowledge_once();

CREATE FUNCTION transparency_log_keys_remove_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.removed_at IS NOT NULL OR NEW.removed_at IS NULL
     OR (NEW.id, NEW.log_id, NEW.key_name, NEW.key_hash, NEW.algorithm, NEW.public_key_pem, NEW.vkey, NEW.added_at)
        IS DISTINCT FROM
        (OLD.id, OLD.log_id, OLD.key_name, OLD.key_hash, OLD.algorithm, OLD.public_key_pem, OLD.vkey, OLD.added_at) THEN
    RAISE EXCEPTION 'a trusted log key is only ever removed, once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER transparency_log_keys_remove BEFORE UPDATE ON "transparency_log_keys"
  FOR EACH ROW EXECUTE FUNCTION transparency_log_keys_remove_once();

CREATE FUNCTION transparency_logs_origin_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.origin <> OLD.origin OR NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'a log''s origin never changes (add a new log instead)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER transparency_logs_origin BEFORE UPDATE ON "transparency_logs"
  FOR EACH ROW EXECUTE FUNCTION transparency_logs_origin_immutable();

ALTER TABLE "transparency_log_keys" ADD CONSTRAINT "transparency_log_keys_shape"
  CHECK ("key_hash" ~ '^[0-9a-f]{8}$' AND "algorithm" IN ('ecdsa-p256-sha256', 'ed25519'));
ALTER TABLE "transparency_checkpoints" ADD CONSTRAINT "transparency_checkpoints_shape"
  CHECK ("tree_size" >= 0 AND "root_hash" ~ '^[0-9a-f]{64}$' AND "key_hash" ~ '^[0-9a-f]{8}$'
         AND "source" IN ('upload', 'sync', 'entry') AND "status" IN ('first', 'consistent', 'diverged'));
ALTER TABLE "transparency_entries" ADD CONSTRAINT "transparency_entries_shape"
  CHECK ("leaf_index" >= 0 AND "tree_size" > "leaf_index" AND "leaf_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "transparency_alarms" ADD CONSTRAINT "transparency_alarms_kind"
  CHECK ("kind" IN ('root_mismatch', 'inconsistent'));
