-- Guards of the promotion flow that the releases migration left to the code (raw SQL: Prisma's schema cannot say
-- them).

-- One open request per release and environment: two requests could otherwise collect approvals side by side and
-- both reach the promotion step (the unique promotion index would still refuse the second, but only at the end).
CREATE UNIQUE INDEX "promotion_requests_one_pending" ON "promotion_requests"("release_id", "environment")
  WHERE "status" = 'PENDING';

-- A decision is a record of what a person said at a moment: it is never edited or removed. A decision that no
-- longer counts (the release's digest or verification changed) stays, and the code reads it as void.
CREATE TRIGGER promotion_approvals_no_update BEFORE UPDATE ON "promotion_approvals"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();
CREATE TRIGGER promotion_approvals_no_delete BEFORE DELETE ON "promotion_approvals"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();

-- A request leaves PENDING once and for all; what closed it is kept.
CREATE FUNCTION promotion_requests_guard_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'PENDING' THEN
    RAISE EXCEPTION 'promotion request % is closed (%): it cannot change', OLD.id, OLD.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.release_id <> OLD.release_id OR NEW.environment <> OLD.environment
     OR NEW.bundle_digest <> OLD.bundle_digest OR NEW.verification_digest <> OLD.verification_digest
     OR NEW.requested_at <> OLD.requested_at OR NEW.expires_at <> OLD.expires_at THEN
    RAISE EXCEPTION 'a promotion request''s release, environment, digests and times are immutable'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER promotion_requests_status_once BEFORE UPDATE ON "promotion_requests"
  FOR EACH ROW EXECUTE FUNCTION promotion_requests_guard_status();
CREATE TRIGGER promotion_requests_no_delete BEFORE DELETE ON "promotion_requests"
  FOR EACH ROW EXECUTE FUNCTION release_records_reject_change();

ALTER TABLE "promotion_approvals" ADD CONSTRAINT "promotion_approvals_comment_length" CHECK (length("comment") <= 2000);
ALTER TABLE "freeze_windows" ADD CONSTRAINT "freeze_windows_environment" CHECK ("environment" IN ('DEV', 'STAGING', 'PROD'));
ALTER TABLE "freeze_windows" ADD CONSTRAINT "freeze_windows_order" CHECK ("ends_at" > "starts_at");
ALTER TABLE "environment_policies" ADD CONSTRAINT "environment_policies_soak" CHECK ("soak_minutes" BETWEEN 0 AND 43200);
ALTER TABLE "environment_policies" ADD CONSTRAINT "environment_policies_ttl" CHECK ("request_ttl_hours" BETWEEN 1 AND 720);
ALTER TABLE "environment_policies" ADD CONSTRAINT "environment_policies_approvals_array" CHECK (jsonb_typeof("required_approvals") = 'array');
