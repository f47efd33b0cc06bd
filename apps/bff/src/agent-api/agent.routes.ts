import { Hono } from 'hono';
import { CredentialRotationResponse, HeartbeatRequest, HeartbeatResponse, RegisterRequest, RegisterResponse } from '@cloud-backup/domain';
import { doc, validate } from '../lib/openapi-meta';
import { requireAgent, type AgentEnv } from './agent-auth.middleware';
import { agentJobsRoutes } from './agent-jobs.routes';
import { agentRestoresRoutes } from './agent-restores.routes';

export const agentRoutes = new Hono<AgentEnv>()
  .post('/register', doc('agent', 'Exchange a one-time token for the instance credential', RegisterResponse, 201), validate('json', RegisterRequest), (c) =>
    c.json(c.var.services.registration.register(c.req.valid('json')), 201),
  )
  .post('/heartbeat', doc('agent', 'Heartbeat with metadata when it changed', HeartbeatResponse), requireAgent, validate('json', HeartbeatRequest), (c) =>
    c.json(c.var.services.agents.heartbeat(c.var.instance, c.req.valid('json'))),
  )
  .post(
    '/credential',
    doc('agent', 'A new credential for this instance; the current one stays valid until the new one is first used', CredentialRotationResponse),
    requireAgent,
    (c) => c.json(c.var.services.agents.issueCredential(c.var.instance)),
  )
  .route('/', agentJobsRoutes)
  .route('/', agentRestoresRoutes);
