// One HTTP request to /webapi/<cgi>[/<API>] → one DSM answer (§8): parameters from the query string
// and a form body merged, `api` also from the path (`POST /webapi/entry.cgi/<API>`, DSM 7), the sid
// from `_sid` or the `id` cookie, the SynoToken from `SynoToken` or X-SYNO-TOKEN (§2.5). Applies
// fault rules, writes the request log, answers JSON with DSM's content type. Paths padded with
// leading underscores are read without them. Unknown paths get HTTP 404 with DSM error 102.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dispatch } from './dispatcher';
import { BodyTooLarge, readBody } from './http-body';
import { mergeParams, parseCookies, parseForm, parseQuery, WireParams } from './params';
import { maskParams, type RequestLog } from './request-log';
import type { CallAnswer, SimCore } from './routes/route-types';
import type { FaultRule, LogEntry } from './types';

const JSON_TYPE = 'application/json; charset="UTF-8"';

export interface WebApiDeps {
  core: SimCore;
  log: RequestLog;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, cookies: string[] = []): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string | string[]> = { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) };
  if (cookies.length > 0) headers['Set-Cookie'] = cookies;
  res.writeHead(status, headers);
  res.end(body);
}

function sendAnswer(res: ServerResponse, answer: CallAnswer, cookies: string[] = [], status = 200): void {
  send(res, status, JSON_TYPE, JSON.stringify(answer), cookies);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies a fault; true when the request was answered (or dropped) by it. */
async function applyFault(rule: FaultRule, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (rule.ms) await wait(rule.ms);
  switch (rule.action) {
    case 'delay':
      return false;
    case 'reset': {
      const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return true;
    }
    case 'hang':
      return true;
    case 'html':
      send(res, 200, 'text/html; charset=UTF-8', '<!DOCTYPE html><html><head><title>Synology</title></head><body><p>Sorry, the page you are looking for is not found.</p></body></html>');
      return true;
    case 'empty502':
      send(res, 502, 'text/html', '');
      return true;
    case 'error':
      sendAnswer(res, { success: false, error: { code: rule.code ?? 100 } });
      return true;
  }
}

export async function handleWebApi(deps: WebApiDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { core, log } = deps;
  const { knobs } = core.options;
  const match = /^\/webapi\/_*([A-Za-z0-9_.-]+\.cgi)(?:\/([^/]+))?\/?$/.exec(url.pathname);
  let body = '';
  try {
    body = await readBody(req, knobs.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      sendAnswer(res, { success: false, error: { code: 101 } }, [], 413);
      return;
    }
    throw error;
  }
  const contentType = String(req.headers['content-type'] ?? '');
  const bodyParams = contentType.includes('multipart/') || contentType.includes('application/json') ? new Map<string, string>() : parseForm(body);
  const merged = mergeParams(parseQuery(url.search, knobs.strict), bodyParams, knobs.paramPrecedence);
  if (!merged.has('api') && match?.[2] && core.options.profile === 'dsm7') merged.set('api', safeDecode(match[2]));
  const cookies = parseCookies(req.headers.cookie);
  const remoteAddress = req.socket.remoteAddress ?? '';
  const entry: LogEntry = {
    time: new Date().toISOString(),
    httpMethod: req.method ?? '',
    path: url.pathname,
    api: merged.get('api'),
    method: merged.get('method'),
    version: merged.get('version'),
    params: maskParams(merged),
    headers: Object.keys(req.headers),
    remoteAddress,
  };
  log.add(entry);

  const fault = core.faults.take({ api: entry.api, method: entry.method, path: url.pathname });
  if (fault && (await applyFault(fault, req, res))) {
    entry.response = fault.action === 'error' ? { success: false, code: fault.code } : undefined;
    return;
  }
  if (!match) {
    entry.response = { success: false, code: 102 };
    sendAnswer(res, { success: false, error: { code: 102 } }, [], 404);
    return;
  }
  const headerToken = req.headers['x-syno-token'];
  const setCookies: string[] = [];
  const answer = await dispatch(core, {
    api: entry.api,
    method: entry.method,
    version: entry.version,
    params: new WireParams(merged, knobs.strict),
    cgi: match[1],
    transport: {
      remoteAddress,
      path: url.pathname,
      sid: merged.get('_sid') || cookies.get('id') || undefined,
      synoToken: merged.get('SynoToken') || (typeof headerToken === 'string' ? headerToken : undefined),
      setCookies,
      inCompound: false,
    },
  });
  entry.response = answer.success ? { success: true } : { success: false, code: answer.error.code };
  sendAnswer(res, answer, setCookies);
}
