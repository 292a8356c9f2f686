// Types of SigV4 verification: the request as received, the credential lookup, and the verified result.

export interface SignedRequest {
  /** HTTP method, any case. */
  readonly method: string;
  /** The path from the request line, still percent-encoded, without the query string. */
  readonly path: string;
  /** The raw query string (no leading `?`), still percent-encoded; `''` when there is none. */
  readonly query: string;
  /** Header names in any case; pass repeated headers as arrays (their values are joined with `,`). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * Hex SHA-256 of the body, when the caller has it. Needed when the request carries no
   * `x-amz-content-sha256` header (Lambda, Step Functions, SageMaker); checked against the header when both exist.
   */
  readonly bodySha256?: string;
}

/** What `lookupSecret` returns for an access key id, or undefined when the key does not exist. */
export interface SigningCredential<P> {
  readonly secretAccessKey: string;
  readonly principal: P;
  /** False for a deactivated key. */
  readonly active: boolean;
  /** Temporary credentials: hex SHA-256 of the session token requests must carry. */
  readonly sessionTokenSha256?: string;
  /** Temporary credentials: epoch ms after which they are refused. */
  readonly expiresAt?: number;
}

export type SecretLookup<P> = (accessKeyId: string) => Promise<SigningCredential<P> | undefined>;

/** Verifies the signature of each chunk of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]` body, in order. */
export interface ChunkVerifier {
  /** Throws IAM_SIGNATURE_MISMATCH; pass the chunk's data (empty for the final chunk). */
  verifyChunk(data: Uint8Array, signature: string): void;
  /** The trailer lines exactly as sent (`name:value\n` each) and their `x-amz-trailer-signature`. */
  verifyTrailer(trailerText: string, signature: string): void;
}

export interface VerifiedRequest<P> {
  readonly principal: P;
  readonly accessKeyId: string;
  readonly service: string;
  readonly region: string;
  readonly form: 'header' | 'presigned';
  /** X-Amz-Date, epoch ms. */
  readonly signedAt: number;
  /** The payload hash the signature covers (hex, UNSIGNED-PAYLOAD or a STREAMING-* value). */
  readonly payloadHash: string;
  /** Present for chunk-signed streaming payloads. */
  readonly chunks: ChunkVerifier | undefined;
}

export interface VerifyOptions {
  /**
   * The one region this server is: a scope naming another is refused before the key is looked up, as an AWS
   * endpoint refuses a signature made for another region's (omit only where any region is fine, e.g. test vectors).
   */
  readonly region?: string;
  /** Allowed clock difference, ms; AWS allows 15 minutes. */
  readonly maxSkewMs?: number;
}
