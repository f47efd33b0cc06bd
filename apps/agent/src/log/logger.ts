export interface Logger {
  info(message: string): void;
}

export type Write = (text: string) => void;

/** Daemon log: one line per event, ISO timestamp first so lines sort and correlate with server logs. */
export function createLogger(write: Write = (t) => process.stdout.write(t), now: () => Date = () => new Date()): Logger {
  return {
    info(message) {
      write(`${now().toISOString()} ${message}\n`);
    },
  };
}
