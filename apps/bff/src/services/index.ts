import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';
import { offlineAfterMs, type Config } from '../config';
import type { EventBus } from '../events/event-bus';
import { AuditRepository } from '../repositories/audit.repository';
import { FoldersRepository } from '../repositories/folders.repository';
import { InstancesRepository } from '../repositories/instances.repository';
import { PoliciesRepository } from '../repositories/policies.repository';
import { RegistrationTokensRepository } from '../repositories/registration-tokens.repository';
import { UsersRepository } from '../repositories/users.repository';
import { RoleBindingsRepository } from '../repositories/role-bindings.repository';
import { BackupsRepository } from '../repositories/backups.repository';
import { OperationsRepository } from '../repositories/operations.repository';
import { RepositoryRegistry } from '../storage/repository-registry';
import { ScheduleStatesRepository } from '../repositories/schedule-states.repository';
import { RetentionService } from '../scheduler/retention.service';
import { Scheduler } from '../scheduler/scheduler';
import { ScheduleInfo } from '../scheduler/schedule-info';
import { AgentJobsService } from './agent-jobs.service';
import { AgentRequestsService } from './agent-requests.service';
import { AgentRestoresService } from './agent-restores.service';
import { CatalogService } from './catalog.service';
import { DownloadsService } from './downloads.service';
import { RestoresService } from './restores.service';
import { TargetFilesService } from './target-files.service';
import { BackupsService } from './backups.service';
import { JobQueue } from './job-queue';
import { OperationsService } from './operations.service';
import { RepositoryMaintenance } from './repository-maintenance.service';
import { AgentsService } from './agents.service';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';
import { FoldersService } from './folders.service';
import { InstancesService } from './instances.service';
import { PoliciesService } from './policies.service';
import { PresenceService } from './presence.service';
import { RegistrationService } from './registration.service';
import { SignInThrottle } from './sign-in-throttle';
import { AccessService } from './access.service';
import { FolderAdminService } from './folder-admin.service';
import { UsersService } from './users.service';
import { MetricSamplesRepository } from '../repositories/metric-samples.repository';
import { MonitoringRepository } from '../repositories/monitoring.repository';
import { HealthService } from './health.service';
import { MetricsSampler } from './metrics-sampler.service';
import { MonitoringService } from './monitoring.service';
import { OperationCancelService } from './operation-cancel.service';
import { PrometheusMetrics } from './prometheus-metrics.service';
import { WebhooksRepository } from '../repositories/webhooks.repository';
import { QuotasService } from './quotas.service';
import { WebhookAlerts } from './webhook-alerts.service';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhooksService } from './webhooks.service';

export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
  events: EventBus;
}

/** Wires repositories into services; the one place that knows the whole graph. */
export function createServices({ db, clock, config, events }: Deps) {
  const repos = {
    users: new UsersRepository(db),
    folders: new FoldersRepository(db),
    policies: new PoliciesRepository(db),
    instances: new InstancesRepository(db),
    tokens: new RegistrationTokensRepository(db),
    audit: new AuditRepository(db),
    backups: new BackupsRepository(db),
    operations: new OperationsRepository(db),
    scheduleStates: new ScheduleStatesRepository(db),
    roleBindings: new RoleBindingsRepository(db),
    metricSamples: new MetricSamplesRepository(db),
    monitoring: new MonitoringRepository(db),
    webhooks: new WebhooksRepository(db),
  };
  const audit = new AuditService(repos.audit, clock);
  const auth = new AuthService(repos.users, new SignInThrottle(clock), audit, clock, config.sessionTtlMs);
  const users = new UsersService(repos.users, audit, clock);
  const access = new AccessService(repos.roleBindings, users, audit, clock);
  const folderAdmin = new FolderAdminService(repos.folders, repos.roleBindings, audit, clock);
  const operations = new OperationsService(repos.operations, events, clock);
  const instances = new InstancesService(repos.instances, repos.policies, repos.folders, audit, events, clock, offlineAfterMs(config), operations);
  const folders = new FoldersService(repos.folders, repos.policies, instances, audit, events, clock);
  const registration = new RegistrationService(repos.tokens, repos.instances, repos.folders, audit, events, clock, config.heartbeatIntervalSeconds, config.tls);
  const agents = new AgentsService(repos.instances, events, clock, config.heartbeatIntervalSeconds, audit);
  const registry = new RepositoryRegistry(config.dataDir);
  const queue = new JobQueue(repos.operations);
  const maintenance = new RepositoryMaintenance(registry, repos.backups, operations, repos.folders);
  const catalogs = new CatalogService(repos.backups, registry, config.dataDir);
  const backups = new BackupsService(repos.backups, repos.instances, repos.policies, operations, queue, maintenance, registry, audit, events, clock, catalogs, repos.operations);
  const agentRestores = new AgentRestoresService(repos.operations, operations, repos.instances, registry, events);
  const agentJobs = new AgentJobsService(repos.operations, operations, repos.backups, repos.instances, registry, queue, events, clock, agentRestores);
  const agentRequests = new AgentRequestsService(config.agentRequestTimeoutMs);
  const restores = new RestoresService(catalogs, registry, repos.instances, instances, operations, repos.operations, queue, audit, clock, config.restoreOfflineWaitMs);
  const targetFiles = new TargetFilesService(repos.instances, instances, agentRequests, audit);
  const downloads = new DownloadsService(catalogs, registry, audit);
  const retention = new RetentionService(repos.backups, backups, operations, maintenance, clock, audit);
  const scheduleInfo = new ScheduleInfo(repos.scheduleStates, repos.backups);
  instances.scheduleInfo = scheduleInfo;
  const policies = new PoliciesService(repos.policies, repos.instances, instances, repos.folders, repos.backups, retention, scheduleInfo, audit, events, clock, operations);
  const scheduler = new Scheduler(repos.scheduleStates, repos.backups, repos.instances, instances, repos.operations, operations, backups, retention, queue, clock, (fn) => repos.folders.transaction(fn));
  agentJobs.onCommitted = (backup) => {
    const policy = backup.policyId ? repos.policies.find(backup.folderId, backup.policyId) : undefined;
    if (policy?.settings.retention.mode === 'rules' && policy.settings.retention.applyAt === 'after_backup') {
      retention.apply(backup.folderId, backup.archiveId, policy, 'after_backup');
    }
  };
  const operationCancel = new OperationCancelService(repos.operations, operations, repos.backups, agentJobs, agentRestores, audit, clock);
  const health = new HealthService(repos.monitoring, repos.instances, instances, backups, clock);
  const monitoring = new MonitoringService(repos.metricSamples, repos.instances, clock);
  const metricsSampler = new MetricsSampler(repos.metricSamples, repos.folders, repos.instances, instances, health, repos.monitoring, backups, clock, config.metricsSampleSeconds * 1000);
  const prometheus = new PrometheusMetrics(repos.folders, repos.instances, instances, health, repos.monitoring, backups);
  const presence = new PresenceService(repos.instances, instances, events, (instanceId) => {
    for (const backup of repos.backups.runningOf(instanceId)) agentJobs.abandon(backup, 'The agent went offline during the backup');
    for (const op of agentRestores.runningOf(instanceId)) agentRestores.abandon(op, 'The target instance went offline during the restore');
    webhookAlerts.agentOffline(instanceId);
  });
  const quotas = new QuotasService(repos.folders, repos.instances, registry, audit);
  agentJobs.beforeStore = (folderId) => quotas.assertRoomToStore(folderId);
  const webhookDispatcher = new WebhookDispatcher(repos.webhooks, repos.folders, clock);
  const webhooks = new WebhooksService(repos.webhooks, repos.users, webhookDispatcher, audit, clock);
  const webhookAlerts = new WebhookAlerts(repos.webhooks, repos.folders, repos.instances, repos.backups, quotas, health, webhookDispatcher, clock);
  operations.onFinished = (op) => webhookAlerts.operationFinished(op);
  return {
    auth,
    users,
    access,
    folderAdmin,
    folders,
    instances,
    policies,
    registration,
    agents,
    presence,
    audit,
    events,
    config,
    repos,
    operations,
    backups,
    agentJobs,
    agentRestores,
    agentRequests,
    catalogs,
    restores,
    targetFiles,
    downloads,
    maintenance,
    registry,
    retention,
    scheduler,
    operationCancel,
    health,
    monitoring,
    metricsSampler,
    prometheus,
    quotas,
    webhooks,
    webhookDispatcher,
    webhookAlerts,
  };
}

export type Services = ReturnType<typeof createServices>;
