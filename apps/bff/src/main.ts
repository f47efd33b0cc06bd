import { loadConfig } from './config';
import { startServer } from './server';

const config = loadConfig();
const started = await startServer(config, { adminPassword: process.env.ADMIN_PASSWORD || undefined });
console.log(`[bff] data in ${config.dataDir}`);
if (started.generatedAdminPassword) {
  console.log(`[bff] created user "admin" with the password: ${started.generatedAdminPassword}`);
  console.log('[bff] (shown once; set ADMIN_PASSWORD on first start to choose it)');
}
if (config.tls) console.log(`[bff] TLS certificate SHA-256 fingerprint ${config.tls.fingerprint}`);
console.log(`[bff] Cloud Backup console and API on ${started.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void started.close().then(() => process.exit(0));
  });
}
