import {
  ErrorCode,
  REGISTRATION_TOKEN_TTL_MS,
  type CreatedRegistrationToken,
  type InstanceKind,
  type RegisterRequest,
  type RegisterResponse,
  type RegistrationToken,
} from '@cloud-backup/domain';
import { AppError, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import { hashSecret, newSecret } from '../lib/secrets';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { RegistrationTokenRow, RegistrationTokensRepository } from '../repositories/registration-tokens.repository';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { Actor, AuditService } from './audit.service';
import { assertRoomToRegister } from './quotas.service';

export class RegistrationService {
  constructor(
    private readonly tokens: RegistrationTokensRepository,
    private readonly instances: InstancesRepository,
    private readonly folders: FoldersRepository,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly heartbeatIntervalSeconds: number,
    /** What agents and curl pin when the server serves HTTPS. */
    private readonly tls: { fingerprint: string; publicKeyPin: string } | null = null,
  ) {}

  private toDto(row: RegistrationTokenRow): RegistrationToken {
    const state = row.usedAt ? 'used' : row.expiresAt <= this.clock.now() ? 'expired' : 'pending';
    return {
      id: row.id,
      kind: row.kind,
      state,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      instanceId: row.instanceId,
    };
  }

  createToken(folderId: string, kind: InstanceKind, serverUrl: string, actor: Actor & { type: 'user' }): CreatedRegistrationToken {
    assertRoomToRegister(this.folders, this.instances, folderId, kind);
    const token = newSecret('cbr');
    const now = this.clock.now();
    const row: RegistrationTokenRow = {
      id: newId('tok'),
      folderId,
      kind,
      tokenHash: hashSecret(token),
      createdBy: actor.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + REGISTRATION_TOKEN_TTL_MS),
      usedAt: null,
      instanceId: null,
    };
    this.tokens.insert(row);
    this.audit.record(actor, { folderId, action: 'registration_token.create', resourceType: 'registration_token', resourceId: row.id, detail: { kind } });
    return { ...this.toDto(row), token, serverUrl, tlsFingerprint: this.tls?.fingerprint ?? null, tlsPublicKeyPin: this.tls?.publicKeyPin ?? null };
  }

  getToken(folderId: string, tokenId: string): RegistrationToken {
    const row = this.tokens.find(folderId, tokenId);
    if (!row) throw notFound('Registration token');
    return this.toDto(row);
  }

  /** Exchanges a one-time token for the instance's own credential. */
  register(req: RegisterRequest): RegisterResponse {
    const row = this.tokens.findByHash(hashSecret(req.token));
    if (!row) throw new AppError(404, ErrorCode.registrationTokenUnknown, 'This registration token is not known to the server. Create a new one in the Connect instance wizard.');
    if (row.usedAt) throw new AppError(409, ErrorCode.registrationTokenUsed, 'This registration token was already used. Each token registers one instance; create a new one in the Connect instance wizard.');
    if (row.expiresAt <= this.clock.now()) throw new AppError(410, ErrorCode.registrationTokenExpired, 'This registration token has expired (tokens are valid for 24 hours). Create a new one in the Connect instance wizard.');
    const folder = this.folders.findById(row.folderId);
    if (!folder?.activatedAt) throw new AppError(409, ErrorCode.folderNotActive, 'Cloud Backup is not activated in the token’s folder.');
    // Refused before the token is spent, so it works once the limit is raised.
    assertRoomToRegister(this.folders, this.instances, row.folderId, row.kind);

    const credential = newSecret('cbi');
    const instanceId = newId('ins');
    const now = this.clock.now();
    const name = req.metadata.hostname || instanceId;
    this.folders.transaction(() => {
      // The conditional update makes two agents racing with one token end with exactly one winner.
      if (!this.tokens.markUsed(row.id, instanceId, now)) {
        throw new AppError(409, ErrorCode.registrationTokenUsed, 'This registration token was already used.');
      }
      this.instances.insert({
        id: instanceId,
        folderId: row.folderId,
        kind: row.kind,
        name,
        status: 'registered',
        credentialHash: hashSecret(credential),
        agentVersion: req.agentVersion,
        root: req.root,
        metadata: req.metadata,
        // Unknown until the first heartbeat sends the agent's own hash.
        metadataHash: null,
        registrationTokenId: row.id,
        registeredAt: now,
        lastSeenAt: now,
      });
    });
    this.audit.record({ type: 'agent', id: instanceId }, { folderId: row.folderId, action: 'instance.register', resourceType: 'instance', resourceId: instanceId, detail: { tokenId: row.id, hostname: name } });
    this.events.publish({ type: 'instance.registered', folderId: row.folderId, instanceId, tokenId: row.id });
    return { instanceId, folderId: row.folderId, kind: row.kind, name, credential, heartbeatIntervalSeconds: this.heartbeatIntervalSeconds };
  }
}
