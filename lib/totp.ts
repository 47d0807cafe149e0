import crypto from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { getConfig } from "./config";

// Time-based one-time passwords (RFC 6238) with the parameters every authenticator
// app understands: SHA-1, 6 digits, 30-second steps. The shared secret is kept
// encrypted, so a copy of the database alone cannot produce codes.

const period = 30;
const digits = 6;

/** 160 random bits, the size RFC 4226 recommends, in the base32 that apps accept typed in. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, accountName = ""): TOTP {
  return new TOTP({
    issuer: getConfig().appName,
    label: accountName,
    algorithm: "SHA1",
    digits,
    period,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string): string {
  return totp(secret, accountName).toString();
}

/** The URI as a PNG data URL: drawn on the server, allowed by the CSP's `img-src data:`. */
export function totpQrCode(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 220 });
}

export function generateTotpCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}

export const totpCodePattern = /^\d{6}$/;

/**
 * The time step `code` belongs to if it is right now or one step either side
 * (clock drift), else null. The caller refuses a step already used, which makes
 * each code single-use.
 */
export function matchTotpCode(secret: string, code: string, now = Date.now()): number | null {
  if (!totpCodePattern.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / period) + delta;
}

// AES-256-GCM under a key derived from PASSWORD_PEPPER: like the pepper, it lives
// outside the database, and rotating SESSION_SECRET does not touch it.
function encryptionKey(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", getConfig().passwordPepper, "", "totp-secret-v1", 32));
}

export function encryptTotpSecret(secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const encrypted = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString("base64url")}`;
}

export function decryptTotpSecret(stored: string): string {
  const [version, payload] = stored.split(".");
  if (version !== "v1" || !payload) throw new Error("unknown TOTP secret format");
  const bytes = Buffer.from(payload, "base64url");
  const decipher = crypto.createDecipheriv("aes-256-gcm", encryptionKey(), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
}
