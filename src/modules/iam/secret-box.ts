// Encrypts access key secrets at rest (AES-256-GCM) with a key kept in a 0600 file under SCONES_HOME.
//
// SigV4 needs the secret itself to recompute signatures, so it cannot be hashed like a password. The database
// holds only ciphertext bound to its access key id (GCM additional data): a copy of scones.db (a backup, a
// leaked file) reveals no secret without the key file. Someone who can read both files, or the server's
// memory, can recover every secret: the key file must stay readable by the Scones user alone, which is
// enforced here (a group- or world-readable key file is refused).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type KeyFileProblem, loadKeyFile } from '../../kernel/key-file.js';
import { iamError } from './errors.js';

export interface SecretBox {
  /** Ciphertext bound to `context` (the access key id): it will not open under another id. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

const KEY_BYTES = 32;
const FORMAT = 'v1';

/** The key file's refusal in IAM's codes: KEY_FILE_INSECURE for a file others can read. */
function keyFileError(file: string, problem: KeyFileProblem): Error {
  if (problem.kind === 'insecure')
    return iamError(
      'KEY_FILE_INSECURE',
      `the IAM key file ${file} is readable by other users; run chmod 600 ${file}`,
      {
        file,
        mode: (problem.mode & 0o777).toString(8),
      },
    );
  const message =
    problem.kind === 'unreadable'
      ? `cannot read the IAM key file ${file}: ${problem.reason}`
      : `the IAM key file ${file} does not hold a ${KEY_BYTES}-byte key`;
  return iamError('KEY_FILE_UNREADABLE', message, { file });
}

/** Creates the key file on first use (atomically: two processes starting at once share one key). */
export function fileSecretBox(file: string): SecretBox {
  let key: Buffer | undefined;
  const load = () => {
    if (!key) {
      key = loadKeyFile(file, KEY_BYTES, (problem) => keyFileError(file, problem));
    }
    return key;
  };
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', load(), iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${FORMAT}.${iv.toString('base64')}.${body.toString('base64')}`;
    },
    open(sealed, context) {
      const [format, ivText, bodyText] = sealed.split('.');
      if (format !== FORMAT || !ivText || !bodyText)
        throw iamError('SECRET_UNREADABLE', 'a stored secret is not in a known format');
      const body = Buffer.from(bodyText, 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', load(), Buffer.from(ivText, 'base64'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - 16));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - 16)),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw iamError(
          'SECRET_UNREADABLE',
          'a stored secret cannot be decrypted (wrong IAM key file?)',
          {},
          error,
        );
      }
    },
  };
}
