// SYNO.API.Info query (§1): no login needed; `query` is ALL/all or a comma list of API names (unknown
// names are left out; raw or JSON-quoted); `Query` is accepted as the method name too. Paths can be padded with leading
// underscores like some DSM builds (knob `paddedPaths`).
import { profileFor } from '../profiles';
import type { ApiRoutes, CallContext } from './route-types';

function query(ctx: CallContext): unknown {
  const profile = profileFor(ctx.core.options.profile);
  const raw = ctx.params.value('query', 120);
  const wanted = (typeof raw === 'string' ? raw : 'ALL').split(',').map((name) => name.trim()).filter(Boolean);
  const all = wanted.length === 0 || wanted.some((name) => name.toUpperCase() === 'ALL');
  const pad = ctx.core.options.knobs.paddedPaths ? '_'.repeat(40) : '';
  const data: Record<string, unknown> = {};
  for (const [api, info] of Object.entries(profile)) {
    if (!all && !wanted.includes(api)) continue;
    data[api] = { ...info, path: pad + info.path };
  }
  return data;
}

export const infoRoutes: ApiRoutes = {
  query: { auth: 'none', handle: query },
};
