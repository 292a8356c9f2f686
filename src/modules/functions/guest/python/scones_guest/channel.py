"""Framed JSON messages on the private channel (fd 3): a 4-byte big-endian length, then UTF-8 JSON."""
import json
import os
import struct

CHANNEL_FD = 3
_HEADER = struct.Struct(">I")


class Channel:
    def __init__(self, fd=CHANNEL_FD):
        self._fd = fd
        # Subprocesses of the handler must not inherit the channel.
        os.set_inheritable(fd, False)

    def _read_exact(self, size):
        chunks = []
        while size > 0:
            chunk = os.read(self._fd, min(size, 1 << 20))
            if not chunk:
                raise EOFError("channel closed")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def receive(self):
        (size,) = _HEADER.unpack(self._read_exact(_HEADER.size))
        return json.loads(self._read_exact(size))

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        view = memoryview(_HEADER.pack(len(body)) + body)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
