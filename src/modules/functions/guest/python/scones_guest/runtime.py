"""The guest main loop: init (import the handler), then one invocation per `invoke` message."""
import json
import os
import sys
import time

from . import boto_endpoint, lambda_logging
from .channel import Channel
from .context import LambdaContext
from .faults import FaultException, exception_payload, fault_payload, log_error
from .loader import load_handler
from .marshal import to_json

_BARRIER = os.environ.pop("SCONES_LOG_BARRIER", "").encode("utf-8")


def write_barrier():
    """Marks the end of this phase's output; the host waits for it before closing the log."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    try:
        os.write(1, _BARRIER + b"\n")
        return True
    except OSError:
        return False


def _failure(payload):
    log_error(payload)
    return {"errorType": payload["errorType"], "payload": json.dumps(payload), "barrier": write_barrier()}


def _init(channel):
    started = time.perf_counter()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as fault:
        channel.send({"type": "init-error", **_failure(fault_payload(fault))})
        return None
    except Exception as exc:
        channel.send({"type": "init-error", **_failure(exception_payload(exc))})
        return None
    init_ms = (time.perf_counter() - started) * 1000
    channel.send({"type": "ready", "initDurationMs": init_ms, "barrier": write_barrier()})
    return handler


def _invoke(handler, message):
    request_id = message["requestId"]
    lambda_logging.set_request_id(request_id)
    context = LambdaContext(
        request_id, message["deadlineMs"], message["invokedFunctionArn"], message.get("clientContext")
    )
    try:
        payload = to_json(handler(json.loads(message["event"]), context))
    except FaultException as fault:
        return {"type": "error", "requestId": request_id, "fatal": False, **_failure(fault_payload(fault, request_id))}
    except Exception as exc:
        return {"type": "error", "requestId": request_id, "fatal": False, **_failure(exception_payload(exc, request_id))}
    return {"type": "result", "requestId": request_id, "payload": payload, "barrier": write_barrier()}


def main():
    channel = Channel()
    lambda_logging.install()
    boto_endpoint.install()
    handler = _init(channel)
    if handler is None:
        sys.exit(1)
    while True:
        try:
            message = channel.receive()
        except EOFError:
            return
        channel.send(_invoke(handler, message))
