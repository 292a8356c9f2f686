// Reads the small XML documents S3 requests carry (Delete, CompleteMultipartUpload, CreateBucketConfiguration).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { s3Error } from './s3-errors.js';

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  readonly [name: string]: XmlValue | undefined;
}

/** Collects a request body up to `maxBytes`; larger bodies are malformed for these operations. */
export async function readSmallBody(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > maxBytes) throw s3Error('MALFORMED_XML', `the XML body is larger than ${maxBytes} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * Parses a document whose root must be `root`; `arrays` names elements that may repeat. Text is kept exactly
 * (object keys may start or end with spaces); DOCTYPEs are refused, so no entity expansion from the sender.
 */
export function parseXmlDocument(body: Buffer, root: string, arrays: readonly string[]): XmlObject {
  const text = body.toString('utf8');
  if (/<!DOCTYPE/i.test(text) || nestsTooDeep(text) || XMLValidator.validate(text) !== true)
    throw malformed();
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: false,
    parseTagValue: false,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => arrays.includes(name),
  });
  const document = parser.parse(text) as Record<string, unknown>;
  const value = document[root];
  if (value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed();
  return value as XmlObject;
}

/** The text of a child element, or undefined when absent; an element with children is malformed here. */
export function childText(parent: XmlObject, name: string): string | undefined {
  const value = parent[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformed();
  return value;
}

/** The repeated child elements `name` (declared in `arrays` when parsing). */
export function childObjects(parent: XmlObject, name: string): XmlObject[] {
  const value = parent[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw malformed();
  return value
    .map((item) => (item === '' ? {} : item))
    .filter((item): item is XmlObject => {
      if (typeof item !== 'object' || Array.isArray(item)) throw malformed();
      return true;
    });
}

/** S3's documents are three or four elements deep; the parser recurses per element, so deep nesting is refused. */
const MAX_XML_DEPTH = 32;

function nestsTooDeep(text: string): boolean {
  let depth = 0;
  for (const match of text.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (match[1] === '/') depth--;
    else if (match[2] !== '/' && ++depth > MAX_XML_DEPTH) return true;
  }
  return false;
}

function malformed() {
  return s3Error(
    'MALFORMED_XML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}
