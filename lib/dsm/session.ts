// A DSM login session: what the login sends (dsm-protocol.md §2.2, §2.4) and what later calls carry (§2.5).
import { encodeComponent, type Params } from './encode';
import { DsmError } from './errors';

export interface Session {
  sid: string;
  synoToken: string | undefined;
  /** `&_sid=…`, appended to every later request. */
  sidParam: string;
  getHeaders: Record<string, string>;
  postHeaders: Record<string, string>;
}

export interface LoginRequest {
  username: string;
  password: string;
  sessionName: string;
  deviceName: string;
  deviceToken: string | undefined;
  otpCode?: string;
}

export const FORM_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

export function loginParams(request: LoginRequest): Params {
  const trust = request.otpCode !== undefined;
  return {
    account: request.username,
    passwd: request.password,
    session: request.sessionName,
    // DSM 7.0.1 returns an empty device_id when format=sid comes with enable_device_token (§2.4).
    format: trust ? undefined : 'sid',
    enable_syno_token: 'yes',
    otp_code: request.otpCode,
    enable_device_token: trust ? 'yes' : undefined,
    device_name: trust || request.deviceToken ? request.deviceName : undefined,
    device_id: !trust && request.deviceToken ? request.deviceToken : undefined,
  };
}

function cookieValue(setCookie: readonly string[], name: string): string | undefined {
  for (const line of setCookie) {
    const m = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(line);
    if (m && m[1]) return m[1];
  }
  return undefined;
}

export interface LoginAnswer {
  session: Session;
  /** device_id (v7) or did (v6) (§2.3); '' when DSM issued none. */
  deviceToken: string;
}

export function sessionFrom(sid: string, synoToken: string | undefined): Session {
  const base: Record<string, string> = { cookie: `id=${sid}` };
  if (synoToken) base['x-syno-token'] = synoToken;
  return {
    sid,
    synoToken,
    sidParam: `&_sid=${encodeComponent(sid)}`,
    getHeaders: base,
    postHeaders: { ...base, 'content-type': FORM_TYPE },
  };
}

export function parseLoginAnswer(data: unknown, setCookie: readonly string[]): LoginAnswer {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  // format=cookie puts the sid into the `id` cookie (§2.3).
  const sid = typeof d.sid === 'string' && d.sid ? d.sid : cookieValue(setCookie, 'id');
  if (!sid) {
    throw new DsmError('NOT_JSON', 'DSM accepted the login but sent no session id; this DSM answers in a way the client does not know.', {
      api: 'SYNO.API.Auth',
      method: 'login',
    });
  }
  // Without enable_syno_token DSM sends the placeholder "--------" (§2.2).
  const token = typeof d.synotoken === 'string' && d.synotoken && !/^-+$/.test(d.synotoken) ? d.synotoken : undefined;
  const device =
    (typeof d.device_id === 'string' && d.device_id) || (typeof d.did === 'string' && d.did) || cookieValue(setCookie, 'did') || '';
  return { session: sessionFrom(sid, token), deviceToken: device };
}
