CREATE TABLE "metric_dirty_periods" (
	"org_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	CONSTRAINT "metric_dirty_periods_org_id_employee_id_period_type_period_start_pk" PRIMARY KEY("org_id","employee_id","period_type","period_start")
);
