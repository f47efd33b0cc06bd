import type { Role } from '@cloud-backup/domain';
import type { Services } from './services';

export interface SessionUser {
  id: string;
  username: string;
  installationAdmin: boolean;
  mustChangePassword: boolean;
}

export interface AppEnv {
  Variables: {
    services: Services;
    user: SessionUser;
    sessionToken: string;
    role: Role;
  };
}
