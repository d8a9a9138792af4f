// SYNO.API.Auth login and logout (§2): v3-v7 login by GET or POST, `format=cookie` (default: sets
// the `id` cookie) or `sid`, `enable_syno_token=yes` (else the "--------" placeholder), 2FA with TOTP
// (403 with errors.token/types without a code, 404 for a wrong or reused code, 406 when enforced but
// not set up), device tokens (`enable_device_token`, `device_name`, `device_id`), 400 for a wrong
// account or password, 401 for a disabled account, 407 while the client IP is auto-blocked. The
// answer carries `did` below v7 and `device_id`, `account`, `ik_message` on v7 (§2.3).
// Not reproduced: the RSA/AES encryption (§2.7), the Noise handshake (§2.8: ik_message is ignored),
// 402 by session name, password expiry (408-410), account lockout (411).
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api-error';
import { matchTotp, totpCounter } from '../totp';
import type { SimUser } from '../users';
import { text } from './read-params';
import type { ApiRoutes, CallContext } from './route-types';

const TOKEN_PLACEHOLDER = '--------';
const lastOtpCounter = new WeakMap<SimUser, number>();

function fail(ctx: CallContext, account: string, code: number, countsAsFailure: boolean, errors?: unknown): never {
  ctx.core.state.loginGuard.record(ctx.transport.remoteAddress, account, code, countsAsFailure);
  throw new ApiError(code, errors);
}

/** Checks the 2FA step; returns whether an OTP code was used (a device token may then be issued). */
function checkSecondFactor(ctx: CallContext, user: SimUser): boolean {
  const { knobs } = ctx.core.options;
  if (!user.otpSecret) {
    if (user.otpEnforced) fail(ctx, user.name, 406, false);
    return false;
  }
  const deviceId = text(ctx, 'device_id');
  const deviceName = text(ctx, 'device_name');
  const otpCode = text(ctx, 'otp_code');
  if (deviceId !== '' && otpCode === '') {
    if (ctx.core.state.deviceTokens.accepts(deviceId, user.name, deviceName)) return false;
    if (knobs.badDeviceToken === 'otp-rejected') fail(ctx, user.name, 404, true);
  }
  if (otpCode === '') {
    const errors = { token: randomBytes(16).toString('base64url'), types: [{ type: 'authenticator' }, { type: 'otp' }] };
    fail(ctx, user.name, 403, false, errors);
  }
  const counter = matchTotp(user.otpSecret, otpCode);
  const last = lastOtpCounter.get(user);
  if (counter === undefined || (last !== undefined && counter <= last)) fail(ctx, user.name, 404, true);
  lastOtpCounter.set(user, Math.max(counter, totpCounter()));
  return true;
}

function login(ctx: CallContext): unknown {
  const { state, options } = ctx.core;
  const ip = ctx.transport.remoteAddress;
  const account = text(ctx, 'account');
  if (state.loginGuard.isBlocked(ip)) fail(ctx, account, 407, false);
  const passwd = text(ctx, 'passwd');
  if (account === '' || !ctx.params.has('passwd')) fail(ctx, account, 400, false);
  const user = state.users.byName(account);
  if (!user || user.password !== passwd) fail(ctx, account, 400, true);
  if (user.disabled) fail(ctx, account, 401, false);
  const usedOtp = checkSecondFactor(ctx, user);

  const format = text(ctx, 'format') === 'sid' ? 'sid' : 'cookie';
  const session = state.sessionStore.create(user.name, {
    withSynoToken: text(ctx, 'enable_syno_token') === 'yes',
    sessionName: text(ctx, 'session'),
    remoteAddress: ip,
  });
  let deviceToken = '';
  if (usedOtp && text(ctx, 'enable_device_token') === 'yes') {
    deviceToken = state.deviceTokens.issue(user.name, text(ctx, 'device_name'));
    ctx.transport.setCookies.push(`did=${deviceToken}; max-age=2592000; path=/; HttpOnly`);
  }
  if (format === 'cookie') ctx.transport.setCookies.push(`id=${session.sid}; max-age=604800; path=/; HttpOnly`);
  state.loginGuard.record(ip, user.name, 0, false);

  const data: Record<string, unknown> = {
    is_portal_port: false,
    sid: session.sid,
    synotoken: session.synoToken ?? TOKEN_PLACEHOLDER,
  };
  if (ctx.version >= 7) {
    // §2.4: DSM 7.0.1-u2 returned an empty device_id with format=sid (knob).
    const hideToken = options.knobs.emptyDeviceIdWithFormatSid && format === 'sid';
    data.account = user.name;
    data.device_id = hideToken ? '' : deviceToken;
    data.ik_message = '';
  } else if (deviceToken !== '') {
    data.did = deviceToken;
  }
  return data;
}

function logout(ctx: CallContext): unknown {
  // §2.6: success even without a sid; then nothing is deleted.
  if (ctx.transport.sid) ctx.core.state.sessionStore.remove(ctx.transport.sid);
  return undefined;
}

export const authRoutes: ApiRoutes = {
  login: { auth: 'none', minVersion: 3, handle: login },
  logout: { auth: 'none', handle: logout },
};
