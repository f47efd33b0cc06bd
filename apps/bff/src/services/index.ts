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
import { BackupsRepository } from '../repositories/backups.repository';
import { OperationsRepository } from '../repositories/operations.repository';
import { RepositoryRegistry } from '../storage/repository-registry';
import { AgentJobsService } from './agent-jobs.service';
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
  };
  const audit = new AuditService(repos.audit, clock);
  const auth = new AuthService(repos.users, new SignInThrottle(clock), audit, clock, config.sessionTtlMs);
  const instances = new InstancesService(repos.instances, repos.policies, repos.folders, audit, events, clock, offlineAfterMs(config));
  const folders = new FoldersService(repos.folders, repos.policies, instances, audit, events, clock);
  const policies = new PoliciesService(repos.policies, instances);
  const registration = new RegistrationService(repos.tokens, repos.instances, repos.folders, audit, events, clock, config.heartbeatIntervalSeconds);
  const agents = new AgentsService(repos.instances, events, clock, config.heartbeatIntervalSeconds);
  const registry = new RepositoryRegistry(config.dataDir);
  const operations = new OperationsService(repos.operations, events, clock);
  const queue = new JobQueue(repos.operations);
  const maintenance = new RepositoryMaintenance(registry, repos.backups, operations);
  const backups = new BackupsService(repos.backups, repos.instances, repos.policies, operations, queue, maintenance, registry, audit, events, clock);
  const agentJobs = new AgentJobsService(repos.operations, operations, repos.backups, repos.instances, registry, queue, events, clock);
  const presence = new PresenceService(repos.instances, instances, events, (instanceId) => {
    for (const backup of repos.backups.runningOf(instanceId)) agentJobs.abandon(backup, 'The agent went offline during the backup');
  });
  return { auth, folders, instances, policies, registration, agents, presence, audit, events, config, repos, operations, backups, agentJobs, maintenance, registry };
}

export type Services = ReturnType<typeof createServices>;
