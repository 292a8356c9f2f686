"""Points boto3/botocore clients made without an endpoint at AWS_ENDPOINT_URL, with S3 path-style addressing.

botocore older than 1.31 (Debian's) ignores AWS_ENDPOINT_URL, and any botocore would address S3 buckets as
virtual hosts under a custom endpoint. The patch is applied when `botocore.session` is first imported, so
handlers that never use boto3 pay nothing.
"""
import os
import sys


def _patch(session_class):
    # Imported here, not at start-up: inspect pulls in a dozen modules every cold start would pay for.
    import inspect

    original = session_class.create_client
    signature = inspect.signature(original)

    def create_client(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        endpoint = os.environ.get("AWS_ENDPOINT_URL")
        if endpoint and bound.arguments.get("endpoint_url") is None:
            bound.arguments["endpoint_url"] = endpoint
            if bound.arguments.get("service_name") == "s3":
                from botocore.config import Config

                path_style = Config(s3={"addressing_style": "path"})
                user_config = bound.arguments.get("config")
                bound.arguments["config"] = path_style.merge(user_config) if user_config else path_style
        return original(*bound.args, **bound.kwargs)

    session_class.create_client = create_client


# A plain meta path finder (no importlib.abc base class: importing importlib.abc costs a cold start ~20 ms).
class _PatchOnImport:
    def find_spec(self, fullname, path, target=None):
        if fullname != "botocore.session":
            return None
        spec = next(
            (s for f in sys.meta_path if f is not self and hasattr(f, "find_spec") for s in [f.find_spec(fullname, path, target)] if s),
            None,
        )
        if spec is None or spec.loader is None:
            return None
        original_exec = spec.loader.exec_module

        def exec_module(module):
            original_exec(module)
            _patch(module.Session)

        spec.loader.exec_module = exec_module
        return spec


def install():
    if os.environ.get("AWS_ENDPOINT_URL") and "botocore.session" not in sys.modules:
        sys.meta_path.insert(0, _PatchOnImport())
