// SYNO.Core.User get and list (§11): local users with name and numeric uid (root is not listed).
// `get` of an unknown name answers success with an empty `users` array ([I]: no capture exists).
// Administrators only (105, §3). Not reproduced: groups, quotas, `additional` fields beyond a few.
import { optionalInt, optionalString } from './read-params';
import type { ApiRoutes, CallContext } from './route-types';
import type { SimUser } from '../users';

const BAD = 120;

function view(user: SimUser): Record<string, unknown> {
  return { name: user.name, uid: user.uid, description: '', email: user.email, expired: user.disabled ? 'now' : 'normal' };
}

function get(ctx: CallContext): unknown {
  const name = optionalString(ctx, 'name', BAD, '');
  const user = ctx.core.state.users.byName(name);
  return { users: user ? [view(user)] : [] };
}

function list(ctx: CallContext): unknown {
  const offset = Math.max(0, optionalInt(ctx, 'offset', BAD, 0));
  const limit = optionalInt(ctx, 'limit', BAD, -1);
  const users = ctx.core.state.users.list().map(view);
  const page = limit < 0 ? users.slice(offset) : users.slice(offset, offset + limit);
  return { offset, total: users.length, users: page };
}

export const userRoutes: ApiRoutes = {
  get: { auth: 'admin', handle: get },
  list: { auth: 'admin', handle: list },
};
