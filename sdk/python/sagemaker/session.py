"""``sagemaker.Session``: boto3 clients, the default bucket, S3 transfers, and the caller's execution role.

Everything goes through boto3, so ``AWS_ENDPOINT_URL`` (or a ``boto_session`` whose clients name an endpoint)
points it at Scones as at AWS.
"""
import logging
import os
import re

import boto3
import botocore.exceptions
import botocore.parsers

from sagemaker._session_jobs import JobsMixin

LOGGER = logging.getLogger("sagemaker")
# What an endpoint without STS (Scones) makes boto3 raise: an error answer, or one botocore cannot parse.
_NO_STS = (
    botocore.exceptions.BotoCoreError,
    botocore.exceptions.ClientError,
    botocore.parsers.ResponseParserError,
)
# Scones has one account unless told otherwise; AWS accounts answer STS instead.
SCONES_ACCOUNT_ID = "000000000000"
NOTEBOOK_METADATA_FILE = "/opt/ml/metadata/resource-metadata.json"


class Session(JobsMixin):
    """Manages the interactions with the SageMaker API and the other AWS services it needs."""

    def __init__(
        self,
        boto_session=None,
        sagemaker_client=None,
        sagemaker_runtime_client=None,
        sagemaker_featurestore_runtime_client=None,
        default_bucket=None,
        sagemaker_config=None,
        settings=None,
        sagemaker_metrics_client=None,
        default_bucket_prefix=None,
        **kwargs
    ):
        self.boto_session = boto_session or boto3.DEFAULT_SESSION or boto3.Session()
        self._region_name = self.boto_session.region_name
        if self._region_name is None:
            raise ValueError("Must setup local AWS configuration with a region supported by SageMaker.")
        self.sagemaker_client = sagemaker_client or self.boto_session.client("sagemaker")
        self.sagemaker_runtime_client = sagemaker_runtime_client or self.boto_session.client(
            "runtime.sagemaker"
        )
        self.sagemaker_featurestore_runtime_client = sagemaker_featurestore_runtime_client
        self.sagemaker_metrics_client = sagemaker_metrics_client
        self.sagemaker_config = sagemaker_config
        self.settings = settings
        self.local_mode = False
        self._default_bucket_name_override = default_bucket
        self.default_bucket_prefix = default_bucket_prefix
        self._default_bucket = None
        self._s3_client = None
        self._s3_resource = None
        self._logs_client = None
        self._identity = None
        self._sts_client = None

    @property
    def boto_region_name(self):
        """The session's AWS region."""
        return self._region_name

    @property
    def s3_client(self):
        if self._s3_client is None:
            self._s3_client = self.boto_session.client("s3", region_name=self._region_name)
        return self._s3_client

    @property
    def s3_resource(self):
        if self._s3_resource is None:
            self._s3_resource = self.boto_session.resource("s3", region_name=self._region_name)
        return self._s3_resource

    @property
    def logs_client(self):
        if self._logs_client is None:
            self._logs_client = self.boto_session.client("logs", region_name=self._region_name)
        return self._logs_client

    def _caller_identity(self):
        """STS GetCallerIdentity, asked once; None where STS is not served."""
        if self._identity is None:
            try:
                self._identity = self._sts().get_caller_identity()
            except _NO_STS:
                self._identity = {}
        return self._identity or None

    def account_id(self):
        """The caller's account: STS when it answers, else Scones's single account."""
        identity = self._caller_identity()
        if identity:
            return identity["Account"]
        return os.environ.get("SCONES_ACCOUNT_ID", SCONES_ACCOUNT_ID)

    def default_bucket(self):
        """``sagemaker-{region}-{account}``, created when missing; returns its name."""
        if self._default_bucket:
            return self._default_bucket
        bucket = self._default_bucket_name_override or "sagemaker-{}-{}".format(
            self._region_name, self.account_id()
        )
        self._create_s3_bucket_if_it_does_not_exist(bucket, self._region_name)
        self._default_bucket = bucket
        return bucket

    def _create_s3_bucket_if_it_does_not_exist(self, bucket_name, region):
        try:
            self.s3_client.head_bucket(Bucket=bucket_name)
            return
        except botocore.exceptions.ClientError as error:
            if error.response["Error"]["Code"] not in ("404", "NoSuchBucket", "NotFound"):
                raise
        arguments = {"Bucket": bucket_name}
        if region != "us-east-1":
            arguments["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            self.s3_client.create_bucket(**arguments)
            LOGGER.info("Created S3 bucket: %s", bucket_name)
        except botocore.exceptions.ClientError as error:
            # Another process made it meanwhile: that is the bucket we wanted.
            if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "OperationAborted"):
                raise

    def upload_data(self, path, bucket=None, key_prefix="data", callback=None, extra_args=None):
        """Uploads a file or a folder to ``s3://bucket/key_prefix``; returns the S3 URI of what was uploaded."""
        files = []
        key_suffix = None
        if os.path.isdir(path):
            for dirpath, _, filenames in os.walk(path):
                for name in filenames:
                    local_path = os.path.join(dirpath, name)
                    relative = "" if path == dirpath else os.path.relpath(dirpath, start=path) + "/"
                    files.append((local_path, "{}/{}{}".format(key_prefix, relative, name)))
        else:
            _, name = os.path.split(path)
            files.append((path, "{}/{}".format(key_prefix, name)))
            key_suffix = name
        bucket = bucket or self.default_bucket()
        for local_path, s3_key in files:
            self.s3_client.upload_file(local_path, bucket, s3_key, ExtraArgs=extra_args, Callback=callback)
        s3_uri = "s3://{}/{}".format(bucket, key_prefix)
        return "{}/{}".format(s3_uri, key_suffix) if key_suffix else s3_uri

    def upload_string_as_file_body(self, body, bucket, key, kms_key=None):
        """Writes ``body`` to ``s3://bucket/key``; returns that URI."""
        extra = {"SSEKMSKeyId": kms_key, "ServerSideEncryption": "aws:kms"} if kms_key else {}
        self.s3_client.put_object(Bucket=bucket, Key=key, Body=body, **extra)
        return "s3://{}/{}".format(bucket, key)

    def download_data(self, path, bucket, key_prefix="", extra_args=None):
        """Downloads the object or every object under the prefix into ``path``; returns the local paths."""
        keys = []
        directories = []
        request = {"Bucket": bucket, "Prefix": key_prefix}
        while True:
            response = self.s3_client.list_objects_v2(**request)
            contents = response.get("Contents")
            if not contents:
                LOGGER.info("Nothing to download from bucket: %s, key_prefix: %s.", bucket, key_prefix)
                return []
            for s3_object in contents:
                key = s3_object["Key"]
                (directories if key.endswith("/") else keys).append(key)
            token = response.get("NextContinuationToken")
            if not token:
                break
            request["ContinuationToken"] = token
        for directory in directories:
            os.makedirs(os.path.dirname(os.path.join(path, directory)), exist_ok=True)
        downloaded = []
        for key in keys:
            tail = os.path.basename(key)
            # A prefix without an extension is a folder: keep the keys' structure below it.
            if not os.path.splitext(key_prefix)[1]:
                tail = os.path.relpath(key, key_prefix)
            destination = os.path.join(path, tail)
            os.makedirs(os.path.dirname(destination) or ".", exist_ok=True)
            self.s3_client.download_file(Bucket=bucket, Key=key, Filename=destination, ExtraArgs=extra_args)
            downloaded.append(destination)
        return downloaded

    def read_s3_file(self, bucket, key_prefix):
        """The object's body as UTF-8 text."""
        return self.s3_client.get_object(Bucket=bucket, Key=key_prefix)["Body"].read().decode("utf-8")

    def list_s3_files(self, bucket, key_prefix):
        """The keys under a prefix."""
        paginator = self.s3_client.get_paginator("list_objects_v2")
        return [
            item["Key"]
            for page in paginator.paginate(Bucket=bucket, Prefix=key_prefix)
            for item in page.get("Contents", [])
        ]

    def get_caller_identity_arn(self):
        """The caller's ARN, an assumed role turned into its role's ARN (as the SDK does)."""
        identity = self._caller_identity()
        if not identity:
            return _scones_default_role(self.account_id())
        arn = identity["Arn"]
        return re.sub(r"^(.+)sts::(\d+):assumed-role/(.+?)/.*$", r"\1iam::\2:role/\3", arn)

    def _sts(self):
        if self._sts_client is None:
            self._sts_client = self.boto_session.client("sts", region_name=self._region_name)
        return self._sts_client

    def expand_role(self, role):
        """A role name becomes this account's role ARN; an ARN stays."""
        if "/" in role:
            return role
        return "arn:aws:iam::{}:role/{}".format(self.account_id(), role)


def _scones_default_role(account_id):
    # Scones serves no STS: the role a Scones server's SageMaker API accepts by default, or the one named.
    return os.environ.get("SAGEMAKER_ROLE_ARN") or "arn:aws:iam::{}:role/SageMakerRole".format(account_id)


def get_execution_role(sagemaker_session=None, use_default=False):
    """The caller's role ARN; ValueError when the caller is not a role (an IAM user), as in the SDK."""
    sagemaker_session = sagemaker_session or Session()
    arn = sagemaker_session.get_caller_identity_arn()
    if ":role/" in arn:
        return arn
    raise ValueError(
        "The current AWS identity is not a role: {}, therefore it cannot be used as a SageMaker execution "
        "role".format(arn)
    )
