// Identifiers and secrets in AWS's shapes: AKIA/ASIA key ids, 40-character secrets, session tokens.
import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `prefix` + 16 characters of A-Z2-7 (80 random bits; 256 is a multiple of 32, so unbiased). */
export function awsId(prefix: 'AKIA' | 'ASIA' | 'AIDA' | 'AROA'): string {
  return prefix + Array.from(randomBytes(16), (byte) => BASE32[byte % 32]).join('');
}

/** 40 characters (240 random bits) of base64, like AWS secret access keys. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export function newSessionToken(): string {
  return randomBytes(96).toString('base64');
}
