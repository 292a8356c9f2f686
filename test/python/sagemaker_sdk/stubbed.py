"""A Session on real boto3 clients whose calls are checked by botocore's Stubber: each expected call's exact
parameters (validated against the service model too) and a canned response."""
import contextlib
import datetime
import io

import boto3
from botocore.stub import ANY, Stubber  # noqa: F401

from sagemaker.session import Session

NOW = datetime.datetime(2026, 12, 8, 0, 0, 0, tzinfo=datetime.timezone.utc)
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"


# One boto3 session for every test: botocore caches the (large) service models per session.
BOTO_SESSION = boto3.Session(region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")


def stubbed_session():
    session = Session(boto_session=BOTO_SESSION)
    stubs = {
        "sagemaker": Stubber(session.sagemaker_client),
        "runtime": Stubber(session.sagemaker_runtime_client),
        "logs": Stubber(session.logs_client),
        "s3": Stubber(session.s3_client),
    }
    for stub in stubs.values():
        stub.activate()
    return session, stubs


@contextlib.contextmanager
def printed():
    """Collects what the code under test prints."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield buffer
