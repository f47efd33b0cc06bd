import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { FolderLimits, InstanceActivity, InstanceKind, InstanceMetadata, InstanceStatus, PolicySettings, Role } from '@cloud-backup/domain';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  createdAt: ts('created_at').notNull(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const folders = sqliteTable('folders', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  activatedAt: ts('activated_at'),
  /** Null means the installation's defaults (SPEC §6). */
  limits: text('limits', { mode: 'json' }).$type<FolderLimits>(),
  createdAt: ts('created_at').notNull(),
});

export const roleBindings = sqliteTable(
  'role_bindings',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.folderId] })],
);

export const policies = sqliteTable(
  'policies',
  {
    id: text('id').primaryKey(),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    settings: text('settings', { mode: 'json' }).$type<PolicySettings>().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('policies_folder_name_uq').on(t.folderId, sql`${t.name} collate nocase`)],
);

export const instances = sqliteTable(
  'instances',
  {
    id: text('id').primaryKey(),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<InstanceKind>().notNull(),
    name: text('name').notNull(),
    status: text('status').$type<InstanceStatus>().notNull(),
    credentialHash: text('credential_hash').notNull().unique(),
    agentVersion: text('agent_version'),
    root: text('root'),
    metadata: text('metadata', { mode: 'json' }).$type<InstanceMetadata>(),
    metadataHash: text('metadata_hash'),
    activity: text('activity').$type<InstanceActivity>().notNull().default('idle'),
    activityDetail: text('activity_detail'),
    progressPercent: integer('progress_percent'),
    registrationTokenId: text('registration_token_id'),
    registeredAt: ts('registered_at').notNull(),
    lastSeenAt: ts('last_seen_at'),
    removedAt: ts('removed_at'),
  },
  (t) => [index('instances_folder_idx').on(t.folderId, t.kind)],
);

export const policyLinks = sqliteTable(
  'policy_links',
  {
    policyId: text('policy_id').notNull().references(() => policies.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id').notNull().references(() => instances.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.instanceId] }), index('policy_links_instance_idx').on(t.instanceId)],
);

export const registrationTokens = sqliteTable('registration_tokens', {
  id: text('id').primaryKey(),
  folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<InstanceKind>().notNull(),
  /** SHA-256 of the token: the secret itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  instanceId: text('instance_id'),
});

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    folderId: text('folder_id'),
    actorType: text('actor_type').$type<'user' | 'agent' | 'system'>().notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: ts('at').notNull(),
  },
  (t) => [index('audit_folder_at_idx').on(t.folderId, t.at)],
);
