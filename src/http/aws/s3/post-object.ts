// POST object: a browser's multipart/form-data upload to a bucket, authorized by a SigV4-signed policy document
// (or, without one, by the bucket's policy and ACLs for anonymous callers), answered with S3's
// success_action_redirect / success_action_status responses.
import { s3Access } from '../../../modules/iam/index.js';
import { rememberCaller } from '../../auth/edge-auth.js';
import { checkAcl, recordObjectAcl } from './acl-operations.js';
import { cannedAclOf } from './canned-acl.js';
import { withDefaultChecksum } from './default-checksum.js';
import { boundaryOf, type PostForm, readPostForm } from './form-data.js';
import { quotedEtag } from './object-view.js';
import { checkPostPolicy } from './post-policy.js';
import { header, type S3Call, sendXml } from './s3-call.js';
import { s3Error } from './s3-errors.js';
import { textElement, xmlDocument } from './xml-writer.js';

/** S3 puts the uploaded file's name where the key says `${filename}`. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder, not a template.
const FILENAME_PLACEHOLDER = '${filename}';
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];

export async function postObject(call: S3Call) {
  const boundary = boundaryOf(header(call, 'content-type'));
  if (!boundary) {
    // Not a form: nothing signs it but the request itself, so the caller must be allowed to write at all first.
    await call.authorize(s3Access('PutObject', { bucket: call.bucket, key: '' }));
    throw s3Error('PRECONDITION_FAILED', 'Bucket POST must be of the enclosure-type multipart/form-data');
  }
  const bucket = await call.services.store.headBucket(call.bucket);
  const form = await readPostForm(call.request.raw, boundary);
  const key = keyOf(form);
  const fields = new Map(form.fields).set('key', key);
  const policy = form.fields.get('policy');
  const range =
    policy === undefined ? undefined : checkPostPolicy(policy, fields, call.bucket, Date.now()).lengthRange;
  if (policy !== undefined) await verifySigner(call, form, policy);
  const target: S3Call = { ...call, key };
  await call.authorize(s3Access('PutObject', { bucket: call.bucket, key }));
  const acl = cannedAclOf(form.fields.get('acl'));
  if (acl) await checkAcl(target, bucket, acl);
  const body = withDefaultChecksum(sized(form.file, range));
  const info = await call.services.store.putObject(call.bucket, key, body.chunks, {
    checksum: body.checksum,
    contentType: form.fields.get('content-type') ?? form.fileContentType,
    metadata: metadataOf(form),
    headers: Object.fromEntries(
      STORED_HEADERS.flatMap((h) => (form.fields.has(h) ? [[h, form.fields.get(h) ?? '']] : [])),
    ),
  });
  if (acl && acl !== 'private' && acl !== 'bucket-owner-full-control') await recordObjectAcl(target, acl);
  return answer(call, form, key, quotedEtag(info));
}

function keyOf(form: PostForm): string {
  const key = form.fields.get('key');
  if (key === undefined || key === '')
    throw s3Error(
      'INVALID_ARGUMENT',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    );
  return key.replaceAll(FILENAME_PLACEHOLDER, form.fileName ?? '');
}

async function verifySigner(call: S3Call, form: PostForm, policy: string): Promise<void> {
  const auth = call.services.auth;
  if (!auth) return;
  const credential = form.fields.get('x-amz-credential');
  const signature = form.fields.get('x-amz-signature');
  if (form.fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256' || !credential || !signature)
    throw s3Error(
      'INVALID_ARGUMENT',
      'Bucket POST with a policy needs x-amz-algorithm AWS4-HMAC-SHA256, x-amz-credential and x-amz-signature',
    );
  const verified = await auth.iam.verifyPostPolicy({
    credential,
    policy,
    signature,
    securityToken: form.fields.get('x-amz-security-token'),
  });
  rememberCaller(call.request, verified.principal, verified.region);
}

function metadataOf(form: PostForm): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of form.fields)
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  return metadata;
}

/** The file's bytes, refused past the policy's content-length-range (nothing is stored then). */
async function* sized(file: AsyncIterable<Uint8Array>, range: readonly [number, number] | undefined) {
  let size = 0;
  for await (const chunk of file) {
    size += chunk.byteLength;
    if (range && size > range[1])
      throw s3Error('ENTITY_TOO_LARGE', 'Your proposed upload exceeds the maximum allowed size');
    yield chunk;
  }
  if (range && size < range[0])
    throw s3Error('ENTITY_TOO_SMALL', 'Your proposed upload is smaller than the minimum allowed size');
}

function answer(call: S3Call, form: PostForm, key: string, etag: string) {
  const location = `/${call.bucket}/${encodeURIComponent(key).replaceAll('%2F', '/')}`;
  call.reply.header('etag', etag).header('location', location);
  const redirect = form.fields.get('success_action_redirect') ?? form.fields.get('redirect');
  if (redirect) {
    const target = new URL(redirect);
    target.searchParams.set('bucket', call.bucket);
    target.searchParams.set('key', key);
    target.searchParams.set('etag', etag);
    return call.reply.status(303).header('location', target.toString()).send();
  }
  const status = form.fields.get('success_action_status');
  if (status === '201')
    return sendXml(
      call.reply,
      xmlDocument(
        'PostResponse',
        [
          textElement('Location', location),
          textElement('Bucket', call.bucket),
          textElement('Key', key),
          textElement('ETag', etag),
        ],
        false,
      ),
      201,
    );
  return call.reply.status(status === '200' ? 200 : 204).send();
}
