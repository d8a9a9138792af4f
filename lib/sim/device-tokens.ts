// 2FA device tokens (§2.4): issued after an OTP login with enable_device_token=yes, and accepted in
// place of an OTP only together with the same device_name and account. Not reproduced: their 30-day
// expiry and the DSM UI's list of trusted devices.
import { randomBytes } from 'node:crypto';

interface DeviceToken {
  account: string;
  deviceName: string;
}

export class DeviceTokens {
  readonly #tokens = new Map<string, DeviceToken>();

  issue(account: string, deviceName: string): string {
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(token, { account, deviceName });
    return token;
  }

  accepts(token: string, account: string, deviceName: string): boolean {
    const entry = this.#tokens.get(token);
    return entry !== undefined && entry.account === account && entry.deviceName === deviceName;
  }

  /** Forgets every token (as when the user removes trusted devices in DSM). */
  revokeAll(): void {
    this.#tokens.clear();
  }

  get size(): number {
    return this.#tokens.size;
  }
}
