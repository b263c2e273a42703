-- AlterTable
ALTER TABLE "releases" ADD COLUMN     "public_key_hint" TEXT;

-- Everything the registration verified is as immutable as the release's identity: the signature, the manifest and
-- the key hint too (re-verification must see the bytes the first verification saw). Verification results stay
-- writable, since the gate re-verifies at every promotion.
CREATE OR REPLACE FUNCTION releases_reject_identity_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.product <> OLD.product OR NEW.version <> OLD.version OR NEW.bundle_digest <> OLD.bundle_digest
     OR NEW.checksums <> OLD.checksums
     OR NEW.checksums_signature IS DISTINCT FROM OLD.checksums_signature
     OR NEW.manifest_dsse IS DISTINCT FROM OLD.manifest_dsse
     OR NEW.public_key_hint IS DISTINCT FROM OLD.public_key_hint THEN
    RAISE EXCEPTION 'a release''s product, version and artifacts are immutable'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

-- an artifact row belongs to its release for good
CREATE TRIGGER release_artifacts_no_update BEFORE UPDATE ON "release_artifacts"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER release_artifacts_no_delete BEFORE DELETE ON "release_artifacts"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
