import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { CliText } from '../i18n/cli/index.js';

/** What `konekt setup` leaves behind for the other commands: never a password, only the program token. */
export interface Profile {
  url: string;
  configurationId: string;
  program: string;
  /** None for an office, whose program serves many companies. */
  companyNip: string | null;
  programToken: string;
  /** Set by "konekt setup --office": the token reads the office's feed, not one company's. */
  office?: boolean;
}

export function profilePath(explicit?: string): string {
  return path.resolve(explicit ?? process.env.KONEKT_PROFILE ?? path.join(homedir(), '.konekt', 'profile.json'));
}

export async function loadProfile(file: string, text: CliText): Promise<Profile> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    throw new Error(text.profile.missing(file));
  }
  let profile: Partial<Profile>;
  try {
    profile = JSON.parse(content) as Partial<Profile>;
  } catch {
    throw new Error(text.profile.unreadable(file));
  }
  for (const key of ['url', 'configurationId', 'programToken'] as const) {
    if (!profile[key]) throw new Error(text.profile.incomplete(file, key));
  }
  return profile as Profile;
}

/** Written to a temporary file with mode 0600 and renamed, so a crash never leaves half a token. */
export async function saveProfile(file: string, profile: Profile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
