// Turns a DSM error envelope's number into a DsmError (dsm-protocol.md §3).
import { DsmError, type DsmErrorCode } from './errors';

const AUTH_API = 'SYNO.API.Auth';

interface CodeInfo {
  code: DsmErrorCode;
  text: string;
}

// Auth numbers mean other things in other APIs (§3), so this table applies to SYNO.API.Auth only.
const AUTH_CODES: Record<number, CodeInfo> = {
  400: { code: 'WRONG_CREDENTIALS', text: 'DSM rejected the user name or password; correct the credentials in the configuration' },
  401: { code: 'ACCOUNT_DISABLED', text: 'the DSM account is disabled; enable it in DSM (Control Panel > User)' },
  402: { code: 'NO_PERMISSION', text: 'DSM denied this login session; check the session name and the account\'s application permissions' },
  403: { code: 'OTP_REQUIRED', text: 'the account uses 2-step verification; trust this Node-RED with a 2FA code (device token) or use an account without 2FA' },
  404: { code: 'OTP_REJECTED', text: 'DSM rejected the 2FA code or the device token; enter a new code to trust this Node-RED again' },
  405: { code: 'NO_PERMISSION', text: 'DSM says the app portal is incorrect; check the port (DSM\'s own port, default 5001)' },
  406: { code: 'OTP_REQUIRED', text: 'DSM requires 2-step verification to be set up for this account; set it up in DSM first' },
  407: { code: 'IP_BLOCKED', text: 'DSM blocked this IP address after failed logins; unblock it in DSM (Security > Protection) and check the credentials' },
  408: { code: 'PASSWORD_EXPIRED', text: 'the account\'s password expired and cannot be changed here; change it in DSM' },
  409: { code: 'PASSWORD_EXPIRED', text: 'the account\'s password expired; change it in DSM and update the configuration' },
  410: { code: 'PASSWORD_EXPIRED', text: 'DSM requires a password change for this account; log in to DSM once and change it' },
  411: { code: 'IP_BLOCKED', text: 'DSM locked the account after too many failed logins; unlock it in DSM and check the credentials' },
};

const COMMON_TEXT: Record<number, string> = {
  100: 'DSM reported an unknown error',
  101: 'DSM reported missing or bad parameters',
  102: 'this DSM does not offer the requested API',
  103: 'this DSM does not offer the requested method',
  104: 'this DSM does not support the requested API version',
  109: 'DSM is busy; try again later',
  110: 'DSM is busy; try again later',
  111: 'DSM reported an unstable network; try again later',
  114: 'DSM reported missing parameters',
  117: 'DSM reported an internal error (often a badly encoded or missing task owner)',
  120: 'DSM reported an invalid parameter',
  4800: 'DSM could not perform the task operation (often bad parameters)',
  4801: 'DSM could not load the task',
  4802: 'DSM could not delete the task',
  4803: 'DSM could not run the task',
  4804: 'DSM could not save the task',
};

export const SESSION_LOSS_CODES: ReadonlySet<number> = new Set([106, 107, 119, 150]);
export const LOCKOUT_CODES: ReadonlySet<DsmErrorCode> = new Set<DsmErrorCode>([
  'WRONG_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'PASSWORD_EXPIRED',
  'OTP_REQUIRED',
  'OTP_REJECTED',
  'IP_BLOCKED',
]);

function isPermissionCode(n: number): boolean {
  return n === 105 || n === 160 || (n >= 122 && n <= 127);
}

/** The DsmError for DSM error number `n` answered by `api`.`method`. */
export function errorFromDsmCode(n: number, api: string, method: string): DsmError {
  const where = `${api} ${method}`;
  const details = { dsmCode: n, api, method };
  if (api === AUTH_API) {
    const auth = AUTH_CODES[n];
    if (auth) return new DsmError(auth.code, `Login failed (DSM ${n}): ${auth.text}.`, details);
  }
  if (isPermissionCode(n) || (n === 402 && api !== AUTH_API)) {
    return new DsmError(
      'NO_PERMISSION',
      `DSM refused ${where} (DSM ${n}): the account lacks permission; use an administrator account.`,
      details,
    );
  }
  if (SESSION_LOSS_CODES.has(n)) {
    return new DsmError(
      'SESSION_LOST',
      `DSM dropped the session again right after a new login (${where}, DSM ${n}); check that no other client logs in with the same account and session name, and that the NAS sees one IP address for Node-RED.`,
      details,
    );
  }
  if (n === 102) {
    return new DsmError('NOT_AVAILABLE', `${api} is not available on this DSM (DSM 102); update DSM or install the package that provides it.`, details);
  }
  const text = COMMON_TEXT[n] ?? 'DSM reported an error';
  return new DsmError(`DSM_${n}`, `${where} failed (DSM ${n}): ${text}.`, details);
}
