CREATE TABLE "activities" (
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"type" text NOT NULL,
	"employee_id" uuid,
	"person_ref" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"local_date" date NOT NULL,
	"unit_id" uuid,
	"amount" numeric(18, 2),
	"currency" text DEFAULT 'CNY' NOT NULL,
	"quantity" integer,
	"customer_external_id" text,
	"customer_name" text,
	"customer_tier" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_voided" boolean DEFAULT false NOT NULL,
	"content_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_org_id_source_external_id_pk" PRIMARY KEY("org_id","source","external_id")
);
--> statement-breakpoint
CREATE TABLE "external_user_links" (
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_user_id" text NOT NULL,
	"employee_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "external_user_links_org_id_source_external_user_id_pk" PRIMARY KEY("org_id","source","external_user_id")
);
--> statement-breakpoint
CREATE TABLE "integration_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"webhook_secret_enc" text NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_values" (
	"org_id" uuid NOT NULL,
	"metric_key" text NOT NULL,
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	"employee_id" uuid NOT NULL,
	"value" numeric(20, 4) NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_values_org_id_metric_key_period_type_period_start_employee_id_pk" PRIMARY KEY("org_id","metric_key","period_type","period_start","employee_id")
);
--> statement-breakpoint
ALTER TABLE "external_user_links" ADD CONSTRAINT "external_user_links_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_keys" ADD CONSTRAINT "integration_keys_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_org_employee_date_idx" ON "activities" USING btree ("org_id","employee_id","local_date");--> statement-breakpoint
CREATE INDEX "activities_org_unmatched_idx" ON "activities" USING btree ("org_id","source") WHERE "activities"."employee_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "integration_keys_hash_uq" ON "integration_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "integration_keys_integration_idx" ON "integration_keys" USING btree ("integration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integrations_org_source_uq" ON "integrations" USING btree ("org_id","source");--> statement-breakpoint
CREATE INDEX "metric_values_org_employee_idx" ON "metric_values" USING btree ("org_id","employee_id","period_type","period_start");