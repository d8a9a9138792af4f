// Turns one API call into DSM's answer envelope, with DSM's checks in order: 101 for a missing
// api/method/version, 102 for an API this profile does not offer (or not on this CGI), 104 for a
// version outside the API's or the method's range, 103 for an unknown method, then the session
// (119/106/107/150 via the session store), 105 for non-admins, 119 for a missing SynoToken on a
// checked call, and then the route. Compound sub-calls come through here too.
import { ApiError } from './api-error';
import { profileFor, servedOn } from './profiles';
import { ROUTES } from './routes';
import type { ApiCall, CallAnswer, CallContext, SimCore } from './routes/route-types';

export async function dispatch(core: SimCore, call: ApiCall): Promise<CallAnswer> {
  try {
    const data = await route(core, call);
    return data === undefined ? { success: true } : { success: true, data };
  } catch (error) {
    if (error instanceof ApiError) return { success: false, error: error.toBody() };
    return { success: false, error: { code: 100 } };
  }
}

async function route(core: SimCore, call: ApiCall): Promise<unknown> {
  const { api, method, version } = call;
  if (!api || !method || !version) throw new ApiError(101);
  const profileName = core.options.profile;
  const info = profileFor(profileName)[api];
  if (!info || (call.cgi !== undefined && !servedOn(profileName, api, call.cgi))) throw new ApiError(102);
  if (!/^\d+$/.test(version)) throw new ApiError(104);
  const versionNumber = Number(version);
  if (versionNumber < info.minVersion || versionNumber > info.maxVersion) throw new ApiError(104);
  const routes = ROUTES[api];
  const spec = routes ? routes[method] ?? (method === 'Query' ? routes.query : undefined) : undefined;
  if (!spec) throw new ApiError(103);
  if ((spec.minVersion !== undefined && versionNumber < spec.minVersion) || (spec.maxVersion !== undefined && versionNumber > spec.maxVersion)) {
    throw new ApiError(104);
  }
  const ctx: CallContext = {
    core,
    api,
    method: method === 'Query' ? 'query' : method,
    version: versionNumber,
    params: call.params,
    transport: call.transport,
    session: undefined,
    user: undefined,
  };
  if (spec.auth !== 'none') {
    const found = core.state.sessionStore.lookup(call.transport.sid, call.transport.remoteAddress);
    if ('code' in found) throw new ApiError(found.code);
    const user = core.state.users.byName(found.session.account);
    if (!user) throw new ApiError(119);
    if (spec.auth === 'admin' && !user.admin) throw new ApiError(105);
    const check = core.options.knobs.synoTokenCheck;
    const needsToken = check === 'all' || (check === 'writes' && spec.write === true);
    if (found.session.synoToken !== undefined && needsToken && call.transport.synoToken !== found.session.synoToken) {
      throw new ApiError(119);
    }
    ctx.session = found.session;
    ctx.user = user;
  }
  return spec.handle(ctx);
}
