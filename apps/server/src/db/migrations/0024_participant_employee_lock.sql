-- review_participants: a launch no longer locks each of its (up to tens of thousands of) employees FOR KEY SHARE.
-- The reference check takes one advisory lock, shared; a statement that deletes employees, or changes an
-- employee's id, takes the same lock exclusively before it touches any row (a statement-level BEFORE trigger: a
-- row-level one runs only after its row is locked, and a launch that then locks that row to insert its review
-- forms would deadlock with it). Either the launch waits for the deletion to commit and then finds the employee
-- gone (its check runs after the lock, on a new snapshot: READ COMMITTED, as all of Stride runs), or the deletion
-- waits for the launch to commit and then finds its participants (the row-level trigger of 0018). The same
-- guarantee as the row locks, in one lock instead of 10,000 (npm run bench -- cycle: about 40 ms of a 10,000-person
-- launch). The price: deleting employees (which Stride itself never does; people leave by status) waits for the
-- launches in progress, of every organization, and holds new ones back until it commits.
-- Each reference is now checked by one anti-join over the distinct keys (hashed, not sorted as records).
CREATE OR REPLACE FUNCTION review_participants_check_refs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM review_cycles r WHERE (r.id, r.org_id) IN (SELECT DISTINCT cycle_id, org_id FROM new_rows) FOR KEY SHARE OF r;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT org_id, cycle_id FROM new_rows) n
      WHERE NOT EXISTS (SELECT 1 FROM review_cycles r WHERE r.id = n.cycle_id AND r.org_id = n.org_id)) THEN
    RAISE EXCEPTION 'review_participants.cycle_id refers to a review cycle that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('review-participants:employees', 0));
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT org_id, employee_id FROM new_rows) n
      WHERE NOT EXISTS (SELECT 1 FROM employees r WHERE r.id = n.employee_id AND r.org_id = n.org_id)) THEN
    RAISE EXCEPTION 'review_participants.employee_id refers to an employee that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  PERFORM 1 FROM org_units r WHERE (r.id, r.org_id) IN (SELECT DISTINCT unit_id, org_id FROM new_rows) FOR KEY SHARE OF r;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT org_id, unit_id FROM new_rows) n
      WHERE NOT EXISTS (SELECT 1 FROM org_units r WHERE r.id = n.unit_id AND r.org_id = n.org_id)) THEN
    RAISE EXCEPTION 'review_participants.unit_id refers to an org unit that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  PERFORM 1 FROM scorecard_templates r WHERE (r.id, r.org_id) IN (SELECT DISTINCT template_id, org_id FROM new_rows) FOR KEY SHARE OF r;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT org_id, template_id FROM new_rows) n
      WHERE NOT EXISTS (SELECT 1 FROM scorecard_templates r WHERE r.id = n.template_id AND r.org_id = n.org_id)) THEN
    RAISE EXCEPTION 'review_participants.template_id refers to a scorecard template that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION review_participants_lock_employees() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('review-participants:employees', 0));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER review_participants_lock_employees BEFORE DELETE OR UPDATE OF id ON employees FOR EACH STATEMENT
  EXECUTE FUNCTION review_participants_lock_employees();
