// A reader that goes away (`scones store ls s3://scones | head`) ends the command quietly, as SIGPIPE ends Unix
// tools: Node ignores SIGPIPE and reports the closed pipe as an EPIPE 'error' event on the stream instead, which
// unheard would crash the process with a stack trace.

type Exit = (code: number) => never;

/** Exits quietly (status 0, or the status already decided) once one of `streams` finds its reader gone. */
export function exitQuietlyWhenOutputCloses(
  streams: readonly NodeJS.WritableStream[],
  exit: Exit = (code) => process.exit(code),
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Anything else is a real failure: rethrown, it crashes as it would have without this listener.
      if (error.code !== 'EPIPE') throw error;
      // Nobody reads what the command would still write, so there is nothing left to say and no one to say it to.
      exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
