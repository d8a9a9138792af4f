// SYNO.Core.User.PasswordConfirm auth (§4.5): checks `password` against the session user's password
// (JSON-quoted or raw) and mints a SynoConfirmPWToken for this session. A wrong password answers a
// configurable code ([I], default 400).
import { ApiError } from '../api-error';
import type { ApiRoutes, CallContext } from './route-types';

function auth(ctx: CallContext): unknown {
  const password = ctx.params.value('password', 120);
  if (password === undefined) throw new ApiError(114);
  if (typeof password !== 'string' || !ctx.user || ctx.user.password !== password) {
    throw new ApiError(ctx.core.options.knobs.passwordConfirmFailCode);
  }
  return { SynoConfirmPWToken: ctx.core.state.confirmTokens.mint(ctx.session?.sid ?? '') };
}

export const passwordConfirmRoutes: ApiRoutes = {
  auth: { auth: 'admin', write: true, handle: auth },
};
