// Where discovery writes what it did: debug lines for ignored announcements, warnings for socket trouble.

export interface DiscoveryLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export const quietDiscoveryLogger: DiscoveryLogger = {
  debug: () => {},
  warn: (message) => console.warn(message),
};
