// A tiny writer for S3's XML responses: escaped text elements and nested elements, nothing else.

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes markup characters; CR and other control characters become character references so parsers keep
 * them (S3 does the same for keys that hold them).
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    const control = code < 0x20 ? code !== 0x09 && code !== 0x0a : code === 0x7f;
    out += ESCAPES[c] ?? (control ? `&#x${code.toString(16)};` : c);
  }
  return out;
}

/** `<name>text</name>`, or nothing when the value is undefined. */
export function textElement(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>` around already-written child elements. */
export function element(name: string, children: readonly string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

/** A complete document: declaration and a root element, in S3's namespace unless `inNamespace` is false. */
export function xmlDocument(root: string, children: readonly string[], inNamespace = true): string {
  const open = inNamespace ? `<${root} xmlns="${S3_XMLNS}">` : `<${root}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${children.join('')}</${root}>`;
}
