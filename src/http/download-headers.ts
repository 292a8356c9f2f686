// Headers for object bodies served on the dashboard's origin: whatever their content type (text/html included),
// a browser never runs them as a page of this origin, so a stored object cannot script the dashboard (stored XSS).
export const DOWNLOAD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "sandbox; default-src 'none'",
  'x-content-type-options': 'nosniff',
};
