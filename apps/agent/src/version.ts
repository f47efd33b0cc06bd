/** Reported to the server on every request and printed by `--version`. Keep in step with package.json. */
export const AGENT_VERSION = '0.1.0';
