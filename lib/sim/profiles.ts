// The APIs each DSM profile offers, with the paths and version ranges of dsm-protocol.md §1.
// Reproduces: DSM 7 (everything on entry.cgi, .Root APIs) and DSM 6 (Info on query.cgi, Auth on
// auth.cgi max 6, no .Root APIs, TaskScheduler max 2, PasswordConfirm max 1).
// Not reproduced: the hundreds of other APIs a real DSM lists, SYNO.API.Encryption (§2.7).
import type { ProfileName } from './types';

export interface ApiInfo {
  path: string;
  minVersion: number;
  maxVersion: number;
  requestFormat?: 'JSON';
}

export type Profile = Readonly<Record<string, ApiInfo>>;

const json = (path: string, minVersion: number, maxVersion: number): ApiInfo => ({ path, minVersion, maxVersion, requestFormat: 'JSON' });

const DSM7: Profile = {
  'SYNO.API.Info': json('entry.cgi', 1, 1),
  'SYNO.API.Auth': { path: 'entry.cgi', minVersion: 1, maxVersion: 7 },
  'SYNO.Core.EventScheduler': json('entry.cgi', 1, 1),
  'SYNO.Core.EventScheduler.Root': json('entry.cgi', 1, 1),
  'SYNO.Core.TaskScheduler': json('entry.cgi', 1, 4),
  'SYNO.Core.TaskScheduler.Root': json('entry.cgi', 1, 4),
  'SYNO.Core.User': json('entry.cgi', 1, 1),
  'SYNO.Core.User.PasswordConfirm': json('entry.cgi', 1, 2),
  'SYNO.Entry.Request': json('entry.cgi', 1, 2),
};

const DSM6: Profile = {
  'SYNO.API.Info': { path: 'query.cgi', minVersion: 1, maxVersion: 1 },
  'SYNO.API.Auth': { path: 'auth.cgi', minVersion: 1, maxVersion: 6 },
  'SYNO.Core.EventScheduler': json('entry.cgi', 1, 1),
  'SYNO.Core.TaskScheduler': json('entry.cgi', 1, 2),
  'SYNO.Core.User': json('entry.cgi', 1, 1),
  'SYNO.Core.User.PasswordConfirm': json('entry.cgi', 1, 1),
  'SYNO.Entry.Request': json('entry.cgi', 1, 2),
};

export function profileFor(name: ProfileName): Profile {
  return name === 'dsm6' ? DSM6 : DSM7;
}

/**
 * Whether `api` is served on the CGI `cgi` (e.g. 'entry.cgi'). Besides each API's own path, DSM 7
 * still answers Info on query.cgi and Auth on auth.cgi (§1: both accept login on 7.1.1).
 */
export function servedOn(profileName: ProfileName, api: string, cgi: string): boolean {
  const info = profileFor(profileName)[api];
  if (!info) return false;
  if (info.path === cgi) return true;
  if (profileName === 'dsm7') {
    if (api === 'SYNO.API.Info' && cgi === 'query.cgi') return true;
    if (api === 'SYNO.API.Auth' && cgi === 'auth.cgi') return true;
  }
  return false;
}
