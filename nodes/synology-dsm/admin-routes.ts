// Admin endpoints for the editor dialogs (docs/architecture.md, "Admin endpoints"): test a
// connection, list the NAS's event tasks, read the server certificate and trust this Node-RED as
// a 2FA device. Each takes the dialog's (possibly unsaved) values; answers are JSON and never hold
// a secret, except the device token handed to the trust-device caller.
import type { Request, Response } from 'express';
import type { NodeAPI } from 'node-red';
import { findServer } from '../shared/dsm-server';
import { connectionOptionsFrom, type DsmConfigProps, type DsmCredentials } from './connection-options';
import { BadRequest, parseEditorRequest, secretsOf, type EditorRequest } from './editor-request';
import { errorAnswer, type Answer } from './editor-answer';
import { readCertificate, testConnection, listTasks, trustDevice, type EditorCallOptions } from './editor-calls';

type Handler = (request: EditorRequest, RED: NodeAPI) => Promise<Answer>;

// One set of routes per admin app: a module is loaded once, but tests start several runtimes.
const registered = new WeakSet<object>();

function storedCredentials(RED: NodeAPI, id: string): DsmCredentials | undefined {
  const creds = RED.nodes.getCredentials(id) as DsmCredentials | undefined;
  return creds ?? undefined;
}

/**
 * The stored secrets of a deployed `synology-dsm` node, but only for the NAS they were saved for:
 * a dialog must not send them to another host or port, nor with another certificate trust (an
 * attacker's fingerprint or CA, or checks switched off) than the deployed node has.
 */
function storedFor(RED: NodeAPI, id: string, config: DsmConfigProps): DsmCredentials | undefined {
  const deployed = deployedConfig(RED, id);
  if (!deployed) return undefined;
  const wanted = connectionOptionsFrom(config, undefined);
  const saved = connectionOptionsFrom(deployed, undefined);
  if (wanted.host !== saved.host || wanted.port !== saved.port || wanted.https !== saved.https) return undefined;
  if (JSON.stringify(wanted.tls ?? {}) !== JSON.stringify(saved.tls ?? {})) return undefined;
  return storedCredentials(RED, id);
}

function deployedConfig(RED: NodeAPI, id: string): DsmConfigProps | undefined {
  let found: DsmConfigProps | undefined;
  RED.nodes.eachNode((node) => {
    if (node.id === id && node.type === 'synology-dsm') found = node as unknown as DsmConfigProps;
  });
  return found;
}

/** The deployed config node's connection may answer when the dialog still shows what was deployed. */
function sameAsDeployed(RED: NodeAPI, request: EditorRequest): boolean {
  if (!request.id || !findServer(RED, request.id)) return false;
  const deployed = deployedConfig(RED, request.id);
  if (!deployed) return false;
  const fromDialog = connectionOptionsFrom(request.config, request.credentials);
  const fromFlow = connectionOptionsFrom(deployed, storedCredentials(RED, request.id));
  return JSON.stringify(fromDialog) === JSON.stringify(fromFlow);
}

function callOptions(RED: NodeAPI, request: EditorRequest): EditorCallOptions {
  const deployed = request.id ? findServer(RED, request.id) : undefined;
  return {
    options: connectionOptionsFrom(request.config, request.credentials),
    deployed: deployed && sameAsDeployed(RED, request) ? deployed : undefined,
  };
}

function route(RED: NodeAPI, handler: Handler, needsOtp = false) {
  return (req: Request, res: Response): void => {
    // JSON only: a cross-site HTML form (urlencoded or text/plain) cannot send it without a CORS preflight.
    if (!req.is('application/json')) {
      res.status(415).json({ ok: false, code: 'INVALID_INPUT', message: 'send the dialog values as application/json' });
      return;
    }
    let request: EditorRequest;
    try {
      request = parseEditorRequest(req.body, (id, config) => storedFor(RED, id, config), needsOtp);
    } catch (err) {
      const message = err instanceof BadRequest ? err.message : 'the request could not be read';
      res.status(400).json({ ok: false, code: 'INVALID_INPUT', message });
      return;
    }
    // A synchronous throw in a handler becomes a JSON answer too, never Express's HTML 500.
    Promise.resolve()
      .then(() => handler(request, RED))
      .then(
        (answer) => res.json(answer),
        (err: unknown) => res.json(errorAnswer(err, secretsOf(request))),
      )
      .catch(() => undefined);
  };
}

/** Registers the editor's helper routes once per admin app. */
export function registerAdminRoutes(RED: NodeAPI): void {
  const app = RED.httpAdmin;
  if (!app || registered.has(app)) return;
  registered.add(app);
  // Every route may log in to (or connect to) a NAS: only users who may change flows may use them,
  // so a read-only editor cannot guess passwords through Node-RED or probe ports.
  const write = RED.auth.needsPermission('synology-dsm.write');

  app.post('/synology-dsm/test', write, route(RED, (request) => testConnection(callOptions(RED, { ...request, id: '' }), secretsOf(request))));
  app.post('/synology-dsm/tasks', write, route(RED, (request) => listTasks(callOptions(RED, request), secretsOf(request))));
  app.post('/synology-dsm/fingerprint', write, route(RED, (request) => readCertificate(callOptions(RED, request))));
  app.post(
    '/synology-dsm/trust-device',
    write,
    route(RED, (request) => trustDevice(callOptions(RED, { ...request, id: '' }), request.otp ?? '', secretsOf(request)), true),
  );
}
