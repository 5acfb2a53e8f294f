CREATE TABLE "metric_dirty" (
	"org_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"local_date" date NOT NULL,
	CONSTRAINT "metric_dirty_org_id_employee_id_local_date_pk" PRIMARY KEY("org_id","employee_id","local_date")
);
