export const PROGRAM = 'cloud-backup-agent';

export const REGISTER_USAGE = `Usage: ${PROGRAM} register --server URL --token TOKEN --data-dir DIR [--root DIR] [--fingerprint FP] [--force]

Exchanges a one-time registration token for this instance's own credential and saves it in DIR/agent.json.
With an https:// server the agent pins the server's certificate: later connections refuse any other one.

Options:
  --server URL      Address of the Cloud Backup server, e.g. http://backup.example.com:8080
  --token TOKEN     One-time registration token shown by the console
  --data-dir DIR    Folder that keeps this agent's credential and state (created with mode 0700)
  --root DIR        Absolute path of an existing folder; nothing outside it is read or written (default /)
  --fingerprint FP  SHA-256 fingerprint of the server's certificate, as the console shows it (AB:CD:…);
                    the certificate is accepted only if it matches, so a self-signed one works. Without
                    it, an https:// server's certificate must be trusted by the system's CAs, and the
                    one seen now is pinned
  --force           Replace a registration already saved in DIR
  -h, --help        Show this help
`;

export const RUN_USAGE = `Usage: ${PROGRAM} run --data-dir DIR

Sends heartbeats and the machine's metadata to the server and runs the backups it asks for,
until stopped with SIGINT or SIGTERM.

Options:
  --data-dir DIR    Folder given to "register"
  -h, --help        Show this help
`;

export const MAIN_USAGE = `Usage: ${PROGRAM} <command> [options]

Commands:
  register --server URL --token TOKEN --data-dir DIR [--root DIR] [--force]
                    Register this machine as an instance
  run --data-dir DIR
                    Run the agent for a registered instance

Options:
  -h, --help        Show this help (also: ${PROGRAM} <command> --help)
  -v, --version     Print the agent version

Exit codes:
  0 ok, 1 failure, 2 usage or configuration error, 3 registration refused,
  4 server unreachable, 5 instance removed from the service
`;
