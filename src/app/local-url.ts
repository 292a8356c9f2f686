// Where this machine reaches its own server: guests' AWS SDK calls and monitoring's InvokeEndpoint go there.

/** The server's URL as seen from this machine (guests' AWS SDK calls go there). */
export function localUrl(listen: { host: string; port: number }): string {
  const any = listen.host === '0.0.0.0' || listen.host === '::' || listen.host === '';
  const host = any ? '127.0.0.1' : listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `http://${host}:${listen.port}`;
}
