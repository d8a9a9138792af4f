// Reads the JSON body the editor sends to the admin routes: the config node's id (saved or not)
// and its dialog values. An empty or `__PWRD__` password (or device token) means the stored one.
import type { DsmConfigProps, DsmCredentials } from './connection-options';

/** What Node-RED's editor puts into an unchanged password field. */
export const PASSWORD_PLACEHOLDER = '__PWRD__';

export interface EditorRequest {
  id: string;
  config: DsmConfigProps;
  credentials: DsmCredentials;
  otp?: string;
}

export class BadRequest extends Error {}

const TEXT_FIELDS = ['host', 'tlsMode', 'fingerprint', 'ca', 'sessionName', 'name'] as const;
const NUMBER_FIELDS = ['port', 'timeout', 'maxConcurrent'] as const;

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BadRequest(`"${field}" must be a string`);
  return value;
}

function isStoredMarker(value: string | undefined): boolean {
  return value === undefined || value === '' || value === PASSWORD_PLACEHOLDER;
}

/**
 * Validates the body's shape (400 on failure) and fills in stored credentials. `stored` gives the
 * deployed config node's credentials when they may go to the dialog's NAS, else undefined.
 */
export function parseEditorRequest(
  body: unknown,
  stored: (id: string, config: DsmConfigProps) => DsmCredentials | undefined,
  needsOtp = false,
): EditorRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the body must be a JSON object');
  const raw = body as Record<string, unknown>;
  const id = optionalString(raw, 'id') ?? '';
  const config: DsmConfigProps = {};
  for (const field of TEXT_FIELDS) config[field] = optionalString(raw, field);
  for (const field of NUMBER_FIELDS) {
    const value = raw[field];
    if (value !== undefined && value !== null && typeof value !== 'number' && typeof value !== 'string') {
      throw new BadRequest(`"${field}" must be a number`);
    }
    config[field] = value ?? undefined;
  }
  if (raw.https !== undefined && raw.https !== null && typeof raw.https !== 'boolean' && typeof raw.https !== 'string') {
    throw new BadRequest('"https" must be a boolean');
  }
  config.https = (raw.https ?? undefined) as boolean | string | undefined;
  if (!config.host || config.host.trim() === '') throw new BadRequest('"host" is missing');

  const username = optionalString(raw, 'username');
  const found = (id && stored(id, config)) || {};
  // The stored password belongs to the stored account: never tried with another user name.
  const saved = username === undefined || username === '' || username === found.username ? found : {};
  const password = optionalString(raw, 'password');
  const deviceToken = optionalString(raw, 'deviceToken');
  const credentials: DsmCredentials = {
    username: username === undefined || username === '' ? saved.username : username,
    password: isStoredMarker(password) ? saved.password : password,
    deviceToken: isStoredMarker(deviceToken) ? saved.deviceToken : deviceToken,
  };
  const request: EditorRequest = {
    id,
    config,
    credentials,
  };
  if (needsOtp) {
    const otp = optionalString(raw, 'otp')?.replace(/\s/g, '');
    if (!otp || !/^\d{6}$/.test(otp)) throw new BadRequest('"otp" must be the 6-digit code');
    request.otp = otp;
  }
  return request;
}

/** Every secret the request holds, to scrub from anything sent back. */
export function secretsOf(request: EditorRequest): string[] {
  return [request.credentials.password, request.credentials.deviceToken, request.otp].filter(
    (s): s is string => typeof s === 'string' && s.length >= 3,
  );
}
