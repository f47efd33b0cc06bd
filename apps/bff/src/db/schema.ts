import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type {
  BackupProgress,
  BackupStatus,
  BackupType,
  BackupWarning,
  FolderLimits,
  InstanceActivity,
  InstanceKind,
  InstanceMetadata,
  InstanceStatus,
  OperationStatus,
  OperationType,
  PolicySettings,
  Restore,
  Role,
  VerifyResult,
} from '@cloud-backup/domain';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  /** May create folders and users and reset passwords; folder contents still need a role (decision 010). */
  installationAdmin: integer('installation_admin', { mode: 'boolean' }).notNull().default(false),
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
    /** Null for grants made before migration 0005. */
    grantedAt: ts('granted_at'),
    grantedBy: text('granted_by'),
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
    /**
     * Credential rotation, two-phase: the new credential's hash waits here until the agent first uses it
     * (proof it was saved), then replaces credentialHash. Until then both are accepted.
     */
    pendingCredentialHash: text('pending_credential_hash').unique(),
    /** Set by a user asking for a rotation; the agent is told on its next heartbeat. */
    credentialRotationRequestedAt: ts('credential_rotation_requested_at'),
    credentialRotatedAt: ts('credential_rotated_at'),
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

/** All backups of one instance under one policy (SPEC §1). Survives the policy's deletion. */
export const archives = sqliteTable(
  'archives',
  {
    id: text('id').primaryKey(),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id').notNull().references(() => instances.id, { onDelete: 'cascade' }),
    policyId: text('policy_id'),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('archives_instance_policy_uq').on(t.instanceId, t.policyId)],
);

export const operations = sqliteTable(
  'operations',
  {
    id: text('id').primaryKey(),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    type: text('type').$type<OperationType>().notNull(),
    status: text('status').$type<OperationStatus>().notNull(),
    targetKind: text('target_kind').$type<'instance' | 'backup' | 'policy' | 'folder'>().notNull(),
    targetId: text('target_id').notNull(),
    targetName: text('target_name').notNull(),
    /** The agent that must run it, for agent jobs. */
    instanceId: text('instance_id'),
    startedBy: text('started_by').notNull(),
    /** The job as the agent receives it (agent jobs only). */
    job: text('job', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    progressPercent: integer('progress_percent'),
    result: text('result'),
    backupId: text('backup_id'),
    verify: text('verify', { mode: 'json' }).$type<VerifyResult>(),
    /** Restore and file_restore operations: what was asked, live progress, the final summary. */
    restore: text('restore', { mode: 'json' }).$type<Restore>(),
  },
  (t) => [index('operations_folder_created_idx').on(t.folderId, t.createdAt), index('operations_instance_status_idx').on(t.instanceId, t.status)],
);

export const operationLogs = sqliteTable(
  'operation_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    operationId: text('operation_id').notNull().references(() => operations.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    level: text('level').$type<'info' | 'warning' | 'error'>().notNull(),
    step: text('step').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('operation_logs_op_idx').on(t.operationId, t.id)],
);

export const backups = sqliteTable(
  'backups',
  {
    id: text('id').primaryKey(),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id').notNull().references(() => instances.id, { onDelete: 'cascade' }),
    archiveId: text('archive_id').notNull().references(() => archives.id, { onDelete: 'cascade' }),
    policyId: text('policy_id'),
    policyName: text('policy_name').notNull(),
    operationId: text('operation_id'),
    type: text('type').$type<BackupType>().notNull(),
    status: text('status').$type<BackupStatus>().notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    sources: text('sources', { mode: 'json' }).$type<string[]>().notNull(),
    fileCount: integer('file_count').notNull().default(0),
    dirCount: integer('dir_count').notNull().default(0),
    logicalBytes: integer('logical_bytes').notNull().default(0),
    newBytes: integer('new_bytes').notNull().default(0),
    warnings: text('warnings', { mode: 'json' }).$type<BackupWarning[]>().notNull(),
    error: text('error'),
    progress: text('progress', { mode: 'json' }).$type<BackupProgress>(),
    rootTreeId: text('root_tree_id'),
  },
  (t) => [index('backups_folder_started_idx').on(t.folderId, t.startedAt), index('backups_archive_idx').on(t.archiveId, t.startedAt)],
);

/**
 * The scheduler's memory per linked (policy, instance): the slot it waits for and when it is due (slot +
 * random delay), reattempts of an offline run, and whether a missed run is owed (run missed later).
 * Persisted so a restarted server neither runs a slot twice nor forgets one.
 */
export const scheduleStates = sqliteTable(
  'schedule_states',
  {
    policyId: text('policy_id').notNull().references(() => policies.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id').notNull().references(() => instances.id, { onDelete: 'cascade' }),
    /** The schedule slot being waited for (fixed schedules) or the computed start (interval). */
    slotAt: ts('slot_at'),
    /** When the run may start: the slot plus its random delay, or the next reattempt. */
    dueAt: ts('due_at'),
    attempts: integer('attempts').notNull().default(0),
    missedPending: integer('missed_pending', { mode: 'boolean' }).notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.instanceId] })],
);

/**
 * Monitoring samples (SPEC §7), recorded by the server every few minutes: one row per folder
 * (instanceId null: folder totals) and one per instance of the folder.
 */
export const metricSamples = sqliteTable(
  'metric_samples',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id'),
    at: ts('at').notNull(),
    /** Folder row: instances linked to an enabled policy with a good backup; instance row: 0 or 1. */
    protectedInstances: integer('protected_instances').notNull(),
    storageUsedBytes: integer('storage_used_bytes').notNull(),
    /** Folder row: agents online; instance row: 0 or 1. */
    agentsAlive: integer('agents_alive').notNull(),
    /** Backups that failed since the previous sample. */
    backupErrors: integer('backup_errors').notNull(),
  },
  (t) => [index('metric_samples_folder_at_idx').on(t.folderId, t.instanceId, t.at)],
);

export const webhooks = sqliteTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Signs each delivery (HMAC-SHA256 in a header), so a receiver can tell it came from this server. */
    secret: text('secret').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('webhooks_folder_idx').on(t.folderId)],
);

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: text('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    lastAttemptAt: ts('last_attempt_at'),
    responseStatus: integer('response_status'),
    error: text('error'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('webhook_deliveries_hook_idx').on(t.webhookId, t.createdAt), index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * Conditions that notify once when they start (an agent offline, an instance at risk, a quota nearly
 * reached), remembered so a restart does not notify again; the row goes when the condition clears.
 */
export const alertStates = sqliteTable(
  'alert_states',
  {
    folderId: text('folder_id').notNull().references(() => folders.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    subjectId: text('subject_id').notNull(),
    raisedAt: ts('raised_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.folderId, t.kind, t.subjectId] })],
);
