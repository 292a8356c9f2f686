// The REST API's simple scheme: `Authorization: Bearer <accessKeyId>:<secret>[:<sessionToken>]`, same keys as SigV4.
import { iamError } from './errors.js';

export interface ApiKeyCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
}

/** Parses the header; secrets are base64 (no `:`), so the parts split unambiguously. */
export function parseBearer(authorization: string): ApiKeyCredentials {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const parts = match?.[1]?.split(':') ?? [];
  const [accessKeyId, secretAccessKey, sessionToken] = parts;
  if (!accessKeyId || !secretAccessKey || parts.length > 3 || (parts.length === 3 && !sessionToken))
    throw iamError(
      'MALFORMED_AUTHORIZATION',
      'the API key must be sent as "Authorization: Bearer <access key id>:<secret>"',
    );
  return { accessKeyId, secretAccessKey, sessionToken };
}
