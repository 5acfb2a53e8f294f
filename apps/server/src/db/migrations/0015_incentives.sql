CREATE TABLE "bonus_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"grade" text,
	"base" numeric(18, 2) NOT NULL,
	"coefficient" numeric(8, 4),
	"attainment" numeric(12, 2),
	"factor" numeric(8, 4),
	"amount" numeric(18, 2),
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bonus_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"scheme_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"scheme_snapshot" jsonb NOT NULL,
	"created_by" uuid,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bonus_schemes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_base" numeric(18, 2) NOT NULL,
	"base_overrides" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"coefficients" jsonb NOT NULL,
	"attainment" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commission_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"metric_key" text NOT NULL,
	"period_type" text NOT NULL,
	"basis" text NOT NULL,
	"tiers" jsonb NOT NULL,
	"accelerator" numeric(6, 3),
	"clawback" boolean DEFAULT true NOT NULL,
	"position_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bonus_lines" ADD CONSTRAINT "bonus_lines_run_id_bonus_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."bonus_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_lines" ADD CONSTRAINT "bonus_lines_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_lines" ADD CONSTRAINT "bonus_lines_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_runs" ADD CONSTRAINT "bonus_runs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_runs" ADD CONSTRAINT "bonus_runs_scheme_id_bonus_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."bonus_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_runs" ADD CONSTRAINT "bonus_runs_cycle_id_review_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."review_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_runs" ADD CONSTRAINT "bonus_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_runs" ADD CONSTRAINT "bonus_runs_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_schemes" ADD CONSTRAINT "bonus_schemes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_schemes" ADD CONSTRAINT "bonus_schemes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bonus_lines_run_employee_uq" ON "bonus_lines" USING btree ("run_id","employee_id");--> statement-breakpoint
CREATE INDEX "bonus_lines_org_employee_idx" ON "bonus_lines" USING btree ("org_id","employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bonus_runs_scheme_cycle_uq" ON "bonus_runs" USING btree ("scheme_id","cycle_id");--> statement-breakpoint
CREATE INDEX "bonus_schemes_org_idx" ON "bonus_schemes" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "commission_plans_org_idx" ON "commission_plans" USING btree ("org_id");