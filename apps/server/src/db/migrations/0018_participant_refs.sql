-- review_participants: the four references are checked per statement instead of per row (a launch inserts
-- 10,000 participants in one statement; row-level foreign keys made 40,000 single-row lookups and locks).
-- The triggers below keep what the foreign keys guaranteed: every referenced row exists and is locked
-- FOR KEY SHARE until the inserting transaction ends (a concurrent delete waits, then is refused), a
-- referenced row cannot be deleted or get another id, and the launch snapshot in these columns never changes.
-- They also check what the foreign keys did not: the referenced row belongs to the participant's organization.
-- Assumptions, unlike real foreign keys: writers run at READ COMMITTED (as all of Stride does; the parent-side
-- check then sees a launch that committed while the delete waited), and TRUNCATE of a parent is not guarded.
ALTER TABLE "review_participants" DROP CONSTRAINT "review_participants_cycle_id_review_cycles_id_fk";
--> statement-breakpoint
ALTER TABLE "review_participants" DROP CONSTRAINT "review_participants_employee_id_employees_id_fk";
--> statement-breakpoint
ALTER TABLE "review_participants" DROP CONSTRAINT "review_participants_unit_id_org_units_id_fk";
--> statement-breakpoint
ALTER TABLE "review_participants" DROP CONSTRAINT "review_participants_template_id_scorecard_templates_id_fk";
--> statement-breakpoint
ALTER TABLE "review_participants" ALTER COLUMN "inputs" SET DATA TYPE json USING "inputs"::json;
--> statement-breakpoint
ALTER TABLE "review_participants" ALTER COLUMN "result" SET DATA TYPE json USING "result"::json;
--> statement-breakpoint
CREATE FUNCTION review_participants_check_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted bigint;
  found bigint;
BEGIN
  SELECT count(DISTINCT (org_id, cycle_id)) INTO wanted FROM new_rows;
  SELECT count(*) INTO found FROM (SELECT 1 FROM review_cycles r WHERE (r.id, r.org_id) IN (SELECT cycle_id, org_id FROM new_rows) FOR KEY SHARE OF r) l;
  IF found < wanted THEN
    RAISE EXCEPTION 'review_participants.cycle_id refers to a review cycle that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT count(DISTINCT (org_id, employee_id)) INTO wanted FROM new_rows;
  SELECT count(*) INTO found FROM (SELECT 1 FROM employees r WHERE (r.id, r.org_id) IN (SELECT employee_id, org_id FROM new_rows) FOR KEY SHARE OF r) l;
  IF found < wanted THEN
    RAISE EXCEPTION 'review_participants.employee_id refers to an employee that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT count(DISTINCT (org_id, unit_id)) INTO wanted FROM new_rows;
  SELECT count(*) INTO found FROM (SELECT 1 FROM org_units r WHERE (r.id, r.org_id) IN (SELECT unit_id, org_id FROM new_rows) FOR KEY SHARE OF r) l;
  IF found < wanted THEN
    RAISE EXCEPTION 'review_participants.unit_id refers to an org unit that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT count(DISTINCT (org_id, template_id)) INTO wanted FROM new_rows;
  SELECT count(*) INTO found FROM (SELECT 1 FROM scorecard_templates r WHERE (r.id, r.org_id) IN (SELECT template_id, org_id FROM new_rows) FOR KEY SHARE OF r) l;
  IF found < wanted THEN
    RAISE EXCEPTION 'review_participants.template_id refers to a scorecard template that does not exist in its organization' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER review_participants_check_refs AFTER INSERT ON review_participants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_participants_check_refs();
--> statement-breakpoint
CREATE FUNCTION review_participants_keep_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a participant''s cycle, person, unit and template are fixed at launch' USING ERRCODE = 'integrity_constraint_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER review_participants_keep_snapshot BEFORE UPDATE ON review_participants FOR EACH ROW
  WHEN (OLD.cycle_id IS DISTINCT FROM NEW.cycle_id OR OLD.employee_id IS DISTINCT FROM NEW.employee_id
    OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.template_id IS DISTINCT FROM NEW.template_id)
  EXECUTE FUNCTION review_participants_keep_snapshot();
--> statement-breakpoint
-- On the referenced side (TG_ARGV[0]: the participants' column): refused while a participant refers to the row.
CREATE FUNCTION review_participants_refuse_parent_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  referred boolean;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.id = NEW.id THEN
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM review_participants WHERE %I = $1)', TG_ARGV[0]) INTO referred USING OLD.id;
  IF referred THEN
    RAISE EXCEPTION '% % is referred to by review participants', TG_TABLE_NAME, OLD.id USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER review_participants_ref_cycle BEFORE DELETE OR UPDATE OF id ON review_cycles FOR EACH ROW
  EXECUTE FUNCTION review_participants_refuse_parent_change('cycle_id');
--> statement-breakpoint
CREATE TRIGGER review_participants_ref_employee BEFORE DELETE OR UPDATE OF id ON employees FOR EACH ROW
  EXECUTE FUNCTION review_participants_refuse_parent_change('employee_id');
--> statement-breakpoint
CREATE TRIGGER review_participants_ref_unit BEFORE DELETE OR UPDATE OF id ON org_units FOR EACH ROW
  EXECUTE FUNCTION review_participants_refuse_parent_change('unit_id');
--> statement-breakpoint
CREATE TRIGGER review_participants_ref_template BEFORE DELETE OR UPDATE OF id ON scorecard_templates FOR EACH ROW
  EXECUTE FUNCTION review_participants_refuse_parent_change('template_id');
