import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { InstanceRow } from '../repositories/instances.repository';

export type AgentEnv = AppEnv & { Variables: { instance: InstanceRow } };

/** An agent's credential reaches only its own instance: the instance comes from the credential, never from the URL. */
export const requireAgent = createMiddleware<AgentEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const credential = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  c.set('instance', c.var.services.agents.authenticate(credential));
  await next();
});
