// SYNO.API.Info query (§1): no login needed; `query` is ALL/all or a comma list of API names (unknown
// names are left out; raw or JSON-quoted); `Query` is accepted as the method name too. Paths can be padded with leading
// underscores like some DSM builds (knob `paddedPaths`).
import { profileFor } from '../profiles';
import type { ApiRoutes, CallContext } from './route-types';

function unquoted(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'string' ? parsed : text;
  } catch {
    return text;
  }
}

function query(ctx: CallContext): unknown {
  const profile = profileFor(ctx.core.options.profile);
  // Info is not a JSON-format API (§1, §12: clients send the list unquoted), so even strict mode
  // takes the raw text; a JSON-quoted list is accepted as well.
  const text = ctx.params.text('query') ?? 'ALL';
  const wanted = unquoted(text).split(',').map((name) => name.trim()).filter(Boolean);
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
