"""Error payloads shaped as the AWS Python runtime shapes them."""
import os
import sys
import traceback

_GUEST_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FaultException(Exception):
    """A failure of the runtime contract (import, handler name, marshalling), with Lambda's type."""

    MARSHAL_ERROR = "Runtime.MarshalError"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


def make_error(message, error_type, stack_trace, request_id=""):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id or "",
        "stackTrace": stack_trace or [],
    }


def fault_payload(fault, request_id=""):
    return make_error(fault.msg, fault.exception_type, fault.trace, request_id)


def exception_payload(exc, request_id=""):
    """The payload of an exception raised by user code, without the guest's own frames."""
    frames = traceback.extract_tb(exc.__traceback__)
    first_user = next((i for i, f in enumerate(frames) if not f.filename.startswith(_GUEST_DIR)), len(frames))
    return make_error(str(exc), type(exc).__name__, traceback.format_list(frames[first_user:]), request_id)


def log_error(payload):
    """Writes a failure to the log as the AWS runtime does: `[ERROR] Type: message` and the traceback."""
    description = "[ERROR]"
    if payload["errorType"]:
        description += " " + payload["errorType"]
    if payload["errorMessage"]:
        description += (":" if payload["errorType"] else "") + " " + payload["errorMessage"]
    lines = [description]
    trace = payload.get("stackTrace")
    if trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in trace:
            lines.extend(element.splitlines() or [""])
    sys.stdout.write("\n".join(lines) + "\n")
