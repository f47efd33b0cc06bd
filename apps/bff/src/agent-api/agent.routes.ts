import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HeartbeatRequest, HeartbeatResponse, RegisterRequest, RegisterResponse } from '@cloud-backup/domain';
import { doc, validate } from '../lib/openapi-meta';
import type { AppEnv } from '../app-env';
import type { InstanceRow } from '../repositories/instances.repository';

type AgentEnv = AppEnv & { Variables: { instance: InstanceRow } };

/** An agent's credential reaches only its own instance: the instance comes from the credential, never from the URL. */
const requireAgent = createMiddleware<AgentEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const credential = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  c.set('instance', c.var.services.agents.authenticate(credential));
  await next();
});

export const agentRoutes = new Hono<AgentEnv>()
  .post('/register', doc('agent', 'Exchange a one-time token for the instance credential', RegisterResponse, 201), validate('json', RegisterRequest), (c) =>
    c.json(c.var.services.registration.register(c.req.valid('json')), 201),
  )
  .post('/heartbeat', doc('agent', 'Heartbeat with metadata when it changed', HeartbeatResponse), requireAgent, validate('json', HeartbeatRequest), (c) =>
    c.json(c.var.services.agents.heartbeat(c.var.instance, c.req.valid('json'))),
  );
