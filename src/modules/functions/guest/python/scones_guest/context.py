"""The `context` object a Python handler receives, with Lambda's attributes and methods."""
import base64
import json
import os
import time


class Client:
    def __init__(self, data):
        self.installation_id = data.get("installation_id")
        self.app_title = data.get("app_title")
        self.app_version_name = data.get("app_version_name")
        self.app_version_code = data.get("app_version_code")
        self.app_package_name = data.get("app_package_name")


class ClientContext:
    def __init__(self, data):
        self.client = Client(data.get("client") or {})
        self.custom = data.get("custom")
        self.env = data.get("env")


class LambdaContext:
    def __init__(self, request_id, deadline_ms, invoked_function_arn, client_context=None):
        env = os.environ
        self.aws_request_id = request_id
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = _decode_client_context(client_context)
        self.identity = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = int(self._deadline_ms - time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        print(msg, end="" if msg.endswith("\n") else "\n", flush=True)

    def __repr__(self):
        return "LambdaContext([aws_request_id={},function_name={},function_version={}])".format(
            self.aws_request_id, self.function_name, self.function_version
        )


def _decode_client_context(encoded):
    if not encoded:
        return None
    try:
        return ClientContext(json.loads(base64.b64decode(encoded)))
    except ValueError:
        return None
