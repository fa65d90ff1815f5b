import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

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

export async function loadProfile(file: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`No profile at ${file}: run "konekt setup" first (or pass --profile FILE)`);
  }
  const profile = JSON.parse(text) as Partial<Profile>;
  for (const key of ['url', 'configurationId', 'programToken'] as const) {
    if (!profile[key]) throw new Error(`The profile ${file} has no ${key}; run "konekt setup" again`);
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
