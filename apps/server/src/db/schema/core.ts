import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();

export const orgs = pgTable('orgs', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: createdAt(),
});

export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    leaderEmployeeId: uuid('leader_employee_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('org_units_org_parent_idx').on(t.orgId, t.parentId),
    index('org_units_org_leader_idx').on(t.orgId, t.leaderEmployeeId),
  ],
);

export const positions = pgTable(
  'positions',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    jobFamily: text('job_family').notNull(),
    level: text('level').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('positions_org_idx').on(t.orgId)],
);

export const employees = pgTable(
  'employees',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    employeeNo: text('employee_no').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    status: text('status').notNull(),
    unitId: uuid('unit_id').notNull(),
    positionId: uuid('position_id'),
    managerId: uuid('manager_id'),
    hireDate: date('hire_date', { mode: 'string' }).notNull(),
    contractType: text('contract_type').notNull(),
    contractStartDate: date('contract_start_date', { mode: 'string' }).notNull(),
    contractEndDate: date('contract_end_date', { mode: 'string' }),
    probationEndDate: date('probation_end_date', { mode: 'string' }),
    regularizationDate: date('regularization_date', { mode: 'string' }),
    exitDate: date('exit_date', { mode: 'string' }),
    // Personal fields: AES-256-GCM ciphertext plus a display mask; plaintext never touches the table.
    idNumberEnc: text('id_number_enc'),
    idNumberMask: text('id_number_mask'),
    bankAccountEnc: text('bank_account_enc'),
    bankAccountMask: text('bank_account_mask'),
    phoneEnc: text('phone_enc'),
    phoneMask: text('phone_mask'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('employees_org_no_uq').on(t.orgId, t.employeeNo),
    index('employees_org_unit_idx').on(t.orgId, t.unitId),
    index('employees_org_manager_idx').on(t.orgId, t.managerId),
  ],
);

/** Effective-dated job history: one row per period in which unit, position and manager were constant. */
export const jobHistory = pgTable(
  'job_history',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    unitId: uuid('unit_id').notNull(),
    positionId: uuid('position_id'),
    managerId: uuid('manager_id'),
    reason: text('reason'),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('job_history_org_employee_idx').on(t.orgId, t.employeeId, t.effectiveFrom),
    index('job_history_org_unit_idx').on(t.orgId, t.unitId, t.effectiveFrom),
  ],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    employeeId: uuid('employee_id'),
    locale: text('locale').notNull().default('zh-CN'),
    isActive: boolean('is_active').notNull().default(true),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: ts('locked_until'),
    lastLoginAt: ts('last_login_at'),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Usernames are global so that sign-in needs no organization picker.
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    uniqueIndex('users_org_employee_uq').on(t.orgId, t.employeeId),
  ],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    orgId: uuid('org_id').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Append-only, hash-chained per organization. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorUsername: text('actor_username'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_org_seq_uq').on(t.orgId, t.seq),
    index('audit_events_org_entity_idx').on(t.orgId, t.entityType, t.entityId),
    index('audit_events_org_at_idx').on(t.orgId, t.at),
  ],
);

/** Replays of retried writes (Idempotency-Key), kept for a day. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    contentType: text('content_type'),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    completedAt: ts('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/** Facts about this installation, e.g. the fingerprint of the encryption key the data was written with. */
export const instanceMeta = pgTable('instance_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});

/** The newest link of each organization's audit chain, so removing the latest events is detectable. */
export const auditHeads = pgTable('audit_heads', {
  orgId: uuid('org_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
