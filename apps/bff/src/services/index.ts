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
  };
  const audit = new AuditService(repos.audit, clock);
  const auth = new AuthService(repos.users, new SignInThrottle(clock), audit, clock, config.sessionTtlMs);
  const instances = new InstancesService(repos.instances, repos.policies, repos.folders, audit, events, clock, offlineAfterMs(config));
  const folders = new FoldersService(repos.folders, repos.policies, instances, audit, events, clock);
  const policies = new PoliciesService(repos.policies, instances);
  const registration = new RegistrationService(repos.tokens, repos.instances, repos.folders, audit, events, clock, config.heartbeatIntervalSeconds);
  const agents = new AgentsService(repos.instances, events, clock, config.heartbeatIntervalSeconds);
  const presence = new PresenceService(repos.instances, instances, events);
  return { auth, folders, instances, policies, registration, agents, presence, audit, events, config, repos };
}

export type Services = ReturnType<typeof createServices>;
