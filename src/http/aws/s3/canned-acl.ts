// Canned ACLs (the owner + canned-ACL form S3 recommends): which are public, the grants each implies, and what a
// grant lets a caller do that its policies do not.
import { createHash } from 'node:crypto';
import { s3Error } from './s3-errors.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** The `x-amz-acl` header's ACL, or undefined when absent; an unknown name is S3's InvalidArgument. */
export function cannedAclOf(header: string | undefined): CannedAcl | undefined {
  if (header === undefined) return undefined;
  if (!(CANNED_ACLS as readonly string[]).includes(header))
    throw s3Error('INVALID_ARGUMENT', `Invalid canned ACL: ${header}`);
  return header as CannedAcl;
}

/** Grants to AllUsers or AuthenticatedUsers: what Block Public Access calls public. */
export function isPublicAcl(acl: CannedAcl): boolean {
  return acl === 'public-read' || acl === 'public-read-write' || acl === 'authenticated-read';
}

/** The ACLs a bucket with ACLs disabled (BucketOwnerEnforced) still takes, as S3 does. */
export function allowedWhenEnforced(acl: CannedAcl): boolean {
  return acl === 'private' || acl === 'bucket-owner-full-control';
}

/**
 * Whether the ACL lets a caller (anonymous or not) do `action`: READ to everyone (or to the authenticated)
 * reads an object or lists a bucket; WRITE on a public-read-write bucket writes and deletes its objects.
 */
export function aclAllows(
  acl: CannedAcl,
  action: string,
  onObject: boolean,
  authenticated: boolean,
): boolean {
  const everyoneReads = acl === 'public-read' || acl === 'public-read-write';
  const reads = everyoneReads || (acl === 'authenticated-read' && authenticated);
  if (onObject) return reads && action === 's3:GetObject';
  if (action === 's3:ListBucket') return reads;
  return acl === 'public-read-write' && (action === 's3:PutObject' || action === 's3:DeleteObject');
}

/** A 64-hex canonical user id for an owner principal, as S3 shows owners. */
export function canonicalId(owner: string | undefined): string {
  return createHash('sha256')
    .update(owner ?? 'scones')
    .digest('hex');
}

function grant(grantee: string, permission: string): string {
  return element('Grant', [
    `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${grantee.startsWith('http') ? 'Group' : 'CanonicalUser'}">${
      grantee.startsWith('http') ? textElement('URI', grantee) : textElement('ID', grantee)
    }</Grantee>`,
    textElement('Permission', permission),
  ]);
}

/** The AccessControlPolicy document a canned ACL stands for. */
export function accessControlPolicyXml(acl: CannedAcl, owner: string | undefined, ownerName: string): string {
  const id = canonicalId(owner);
  const grants = [grant(id, 'FULL_CONTROL')];
  if (acl === 'public-read' || acl === 'public-read-write') grants.push(grant(ALL_USERS, 'READ'));
  if (acl === 'public-read-write') grants.push(grant(ALL_USERS, 'WRITE'));
  if (acl === 'authenticated-read') grants.push(grant(AUTHENTICATED_USERS, 'READ'));
  if (acl === 'log-delivery-write')
    grants.push(grant(LOG_DELIVERY, 'WRITE'), grant(LOG_DELIVERY, 'READ_ACP'));
  return xmlDocument('AccessControlPolicy', [
    element('Owner', [textElement('ID', id), textElement('DisplayName', ownerName)]),
    element('AccessControlList', grants),
  ]);
}
