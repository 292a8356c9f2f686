// Verifies the signature of a browser upload's POST policy (S3 POST object, SigV4): the form's x-amz-signature
// is the HMAC of the base64 policy document with the signing key of x-amz-credential's scope.
import { iamError } from '../errors.js';
import { hmacHex, signingKey } from './canonical-request.js';
import { signaturesEqual } from './chunk-signature.js';
import type { SecretLookup, SigningCredential } from './sigv4-types.js';

export interface PostPolicySignature {
  /** `AKID/20260101/us-east-1/s3/aws4_request`. */
  readonly credential: string;
  /** The policy document as sent: base64 of its JSON. */
  readonly policy: string;
  readonly signature: string;
  readonly securityToken?: string | undefined;
}

const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

export async function verifyPostPolicy<P>(
  form: PostPolicySignature,
  lookupSecret: SecretLookup<P>,
  checkToken: (credential: SigningCredential<P>, token: string | undefined) => void,
): Promise<{ readonly principal: P; readonly region: string }> {
  const match = CREDENTIAL.exec(form.credential);
  if (!match) throw iamError('MALFORMED_AUTHORIZATION', `x-amz-credential ${form.credential} is malformed`);
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  if (service !== 's3')
    throw iamError('SIGNATURE_MISMATCH', "Credential should be scoped to correct service: 's3'.");
  const credential = await lookupSecret(accessKeyId);
  if (!credential) throw iamError('INVALID_ACCESS_KEY_ID', `the access key id ${accessKeyId} does not exist`);
  if (!credential.active)
    throw iamError('INACTIVE_ACCESS_KEY', `the access key id ${accessKeyId} is inactive`);
  checkToken(credential, form.securityToken);
  const expected = hmacHex(signingKey(credential.secretAccessKey, date, region, service), form.policy);
  if (!signaturesEqual(expected, form.signature.toLowerCase()))
    throw iamError(
      'SIGNATURE_MISMATCH',
      'The request signature we calculated does not match the signature you provided.',
    );
  return { principal: credential.principal, region };
}
