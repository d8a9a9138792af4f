// SYNO.Entry.Request request v1-v2 (§6): `compound` is a JSON array of {api, method, version,
// ...params as native JSON}; `mode` sequential (default) or parallel, raw or JSON-quoted;
// `stop_when_error`. Answers {has_fail, result: [...]} in request order while the outer success
// stays true. Items share the outer request's session and SynoToken. A nested Entry.Request or a
// compound that is not an array of objects answers 113 (§3, [S]). Fault rules of action "error"
// also apply to items.
import { ApiError } from '../api-error';
import { NativeParams } from '../params';
import type { ApiRoutes, CallAnswer, CallContext } from './route-types';

interface Item {
  api?: unknown;
  method?: unknown;
  version?: unknown;
  [key: string]: unknown;
}

async function runItem(ctx: CallContext, item: Item): Promise<Record<string, unknown>> {
  const api = typeof item.api === 'string' ? item.api : undefined;
  const method = typeof item.method === 'string' ? item.method : undefined;
  const version = typeof item.version === 'number' || typeof item.version === 'string' ? String(item.version) : undefined;
  const { api: _a, method: _m, version: _v, ...rest } = item;
  let answer: CallAnswer;
  const fault = ctx.core.faults.take({ api, method, path: ctx.transport.path }, true);
  if (fault) answer = { success: false, error: { code: fault.code ?? 100 } };
  else if (api === 'SYNO.Entry.Request') answer = { success: false, error: { code: 113 } };
  else {
    answer = await ctx.core.dispatch({
      api, method, version,
      params: new NativeParams(rest),
      cgi: undefined,
      transport: { ...ctx.transport, inCompound: true },
    });
  }
  return { api: item.api, method: item.method, version: item.version, ...answer };
}

async function request(ctx: CallContext): Promise<unknown> {
  const compound = ctx.params.value('compound', 113);
  if (compound === undefined) throw new ApiError(114);
  if (!Array.isArray(compound) || compound.some((item) => !item || typeof item !== 'object' || Array.isArray(item))) {
    throw new ApiError(113);
  }
  const items = compound as Item[];
  const mode = ctx.params.value('mode', 120);
  const stopWhenError = ctx.params.value('stop_when_error', 120) === true;
  let results: Record<string, unknown>[];
  if (mode === 'parallel') {
    results = await Promise.all(items.map((item) => runItem(ctx, item)));
  } else {
    results = [];
    for (const item of items) {
      const result = await runItem(ctx, item);
      results.push(result);
      if (stopWhenError && result.success !== true) break;
    }
  }
  return { has_fail: results.some((result) => result.success !== true), result: results };
}

export const entryRequestRoutes: ApiRoutes = {
  request: { auth: 'session', handle: request },
};
