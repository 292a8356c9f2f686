// The guest end of the protocol channel: framed messages over file descriptor 3.
import net from 'node:net';
import {
  CHANNEL_FD,
  encodeFrame,
  FrameDecoder,
  type GuestMessage,
  type HostMessage,
} from '../../protocol.js';

// Generous: the host bounds what it sends by its own payload limits.
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export interface GuestChannel {
  send(message: GuestMessage): Promise<void>;
  onMessage(listener: (message: HostMessage) => void): void;
  /** While unreferenced, the channel alone does not keep the event loop alive. */
  ref(): void;
  unref(): void;
}

export function openChannel(): GuestChannel {
  const socket = new net.Socket({ fd: CHANNEL_FD, readable: true, writable: true });
  const decoder = new FrameDecoder(MAX_FRAME_BYTES);
  let listener: (message: HostMessage) => void = () => {};
  socket.on('data', (chunk: Buffer) => {
    for (const message of decoder.push(chunk)) listener(message as HostMessage);
  });
  // The host closing the channel means this process is no longer wanted.
  socket.on('end', () => process.exit(0));
  socket.on('error', () => process.exit(1));
  return {
    send: (message) =>
      new Promise((resolve) => {
        socket.write(encodeFrame(message), () => resolve());
      }),
    onMessage: (next) => {
      listener = next;
    },
    ref: () => socket.ref(),
    unref: () => socket.unref(),
  };
}
