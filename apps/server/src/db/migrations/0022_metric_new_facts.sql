CREATE TABLE "metric_new_facts" (
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	CONSTRAINT "metric_new_facts_org_id_source_external_id_pk" PRIMARY KEY("org_id","source","external_id")
);
