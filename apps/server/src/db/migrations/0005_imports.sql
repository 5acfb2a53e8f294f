CREATE TABLE "imported_metric_values" (
	"org_id" uuid NOT NULL,
	"metric_key" text NOT NULL,
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	"employee_id" uuid NOT NULL,
	"value" numeric(20, 4) NOT NULL,
	"import_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imported_metric_values_org_id_metric_key_period_type_period_start_employee_id_pk" PRIMARY KEY("org_id","metric_key","period_type","period_start","employee_id")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"header_row" integer NOT NULL,
	"headers" jsonb NOT NULL,
	"mapping" jsonb,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rows" jsonb,
	"rows_enc" text,
	"checked" jsonb,
	"checked_secret_enc" text,
	"row_count" integer NOT NULL,
	"valid_count" integer,
	"invalid_count" integer,
	"processed_count" integer DEFAULT 0 NOT NULL,
	"commit_mode" text,
	"result" jsonb,
	"errors" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imported_metric_values_org_employee_idx" ON "imported_metric_values" USING btree ("org_id","employee_id","period_type","period_start");--> statement-breakpoint
CREATE INDEX "imports_org_created_idx" ON "imports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "imports_committing_idx" ON "imports" USING btree ("status") WHERE "imports"."status" = 'committing';