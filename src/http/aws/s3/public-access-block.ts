// Block Public Access and Object Ownership documents: their XML, S3's defaults, and the ACL/ownership rules.
import { s3Error } from './s3-errors.js';
import { childText, parseXmlDocument } from './xml-reader.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** What S3 sets on every new bucket since April 2023: all four on. */
export const ALL_BLOCKED: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** No configuration: nothing blocked (buckets made before these settings existed). */
export const NONE_BLOCKED: PublicAccessBlock = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

export function parsePublicAccessBlock(body: Buffer): PublicAccessBlock {
  const root = parseXmlDocument(body, 'PublicAccessBlockConfiguration', []);
  const flag = (name: (typeof FLAGS)[number]) => {
    const text = childText(root, name);
    if (text === undefined) return false;
    if (text !== 'true' && text !== 'false')
      throw s3Error(
        'MALFORMED_XML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    return text === 'true';
  };
  return {
    BlockPublicAcls: flag('BlockPublicAcls'),
    IgnorePublicAcls: flag('IgnorePublicAcls'),
    BlockPublicPolicy: flag('BlockPublicPolicy'),
    RestrictPublicBuckets: flag('RestrictPublicBuckets'),
  };
}

export function publicAccessBlockXml(block: PublicAccessBlock): string {
  return xmlDocument(
    'PublicAccessBlockConfiguration',
    FLAGS.map((name) => textElement(name, block[name])),
  );
}

export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
const OWNERSHIPS: readonly ObjectOwnership[] = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
];

/** S3's default for new buckets: ACLs disabled. */
export const DEFAULT_OWNERSHIP: ObjectOwnership = 'BucketOwnerEnforced';

export function objectOwnershipOf(text: string | undefined): ObjectOwnership | undefined {
  if (text === undefined) return undefined;
  if (!(OWNERSHIPS as readonly string[]).includes(text))
    throw s3Error('INVALID_ARGUMENT', `Invalid x-amz-object-ownership header: ${text}`);
  return text as ObjectOwnership;
}

export function parseOwnershipControls(body: Buffer): ObjectOwnership {
  const root = parseXmlDocument(body, 'OwnershipControls', ['Rule']);
  const rules = root.Rule;
  const rule = Array.isArray(rules) && rules.length === 1 ? rules[0] : undefined;
  const value =
    typeof rule === 'object' && rule !== null && !Array.isArray(rule)
      ? childText(rule, 'ObjectOwnership')
      : undefined;
  if (value === undefined)
    throw s3Error(
      'MALFORMED_XML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  const ownership = objectOwnershipOf(value);
  if (!ownership) throw s3Error('MALFORMED_XML', 'invalid ObjectOwnership');
  return ownership;
}

export function ownershipControlsXml(ownership: ObjectOwnership): string {
  return xmlDocument('OwnershipControls', [element('Rule', [textElement('ObjectOwnership', ownership)])]);
}
