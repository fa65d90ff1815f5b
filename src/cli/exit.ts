/** The konekt command's exit statuses, as --help and the README list them. */
export const EXIT = {
  OK: 0,
  /** The server refused something, a file holds no documents, or the setup was cancelled. */
  REFUSED: 1,
  /** Unknown command or option, a missing argument, a file or folder that does not exist. */
  USAGE: 2,
  /** The server could not be reached: nothing was refused, trying again later may work. */
  UNREACHABLE: 3,
} as const;

/** The command line itself is wrong; shown as is, with exit status 2. */
export class UsageError extends Error {}
