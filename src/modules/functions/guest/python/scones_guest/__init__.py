"""The Scones function guest for Python handlers (speaks protocol.ts on fd 3)."""
