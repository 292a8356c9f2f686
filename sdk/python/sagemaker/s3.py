"""S3 helpers (``sagemaker.s3``): parse URIs, upload and download through the session's boto3 S3 client."""
import os
from urllib.parse import urlparse

from sagemaker.session import Session


def parse_s3_url(url):
    """``s3://bucket/key/prefix`` -> ``("bucket", "key/prefix")``; ValueError for any other scheme."""
    parsed = urlparse(url)
    if parsed.scheme != "s3":
        raise ValueError("Expecting 's3' scheme, got: {} in {}.".format(parsed.scheme, url))
    return parsed.netloc, parsed.path.lstrip("/")


def s3_path_join(*args, with_end_slash=False):
    """Joins S3 path parts (``sagemaker.s3.s3_path_join``)."""
    from sagemaker.utils import s3_path_join as join

    return join(*args, with_end_slash=with_end_slash)


def _kms_args(kms_key):
    return {"SSEKMSKeyId": kms_key, "ServerSideEncryption": "aws:kms"} if kms_key else None


class S3Uploader(object):
    """Uploads local files and strings to S3."""

    @staticmethod
    def upload(local_path, desired_s3_uri, kms_key=None, sagemaker_session=None, callback=None):
        """Uploads a file or a folder under ``desired_s3_uri``; returns the S3 URI of what was uploaded."""
        sagemaker_session = sagemaker_session or Session()
        bucket, key_prefix = parse_s3_url(desired_s3_uri)
        return sagemaker_session.upload_data(
            path=local_path,
            bucket=bucket,
            key_prefix=key_prefix,
            callback=callback,
            extra_args=_kms_args(kms_key),
        )

    @staticmethod
    def upload_string_as_file_body(body, desired_s3_uri=None, kms_key=None, sagemaker_session=None):
        """Writes ``body`` to the object ``desired_s3_uri``; returns that URI."""
        sagemaker_session = sagemaker_session or Session()
        bucket, key = parse_s3_url(desired_s3_uri)
        sagemaker_session.upload_string_as_file_body(body=body, bucket=bucket, key=key, kms_key=kms_key)
        return desired_s3_uri

    @staticmethod
    def upload_bytes(b, s3_uri, kms_key=None, sagemaker_session=None):
        """Writes bytes (or a binary file object) to ``s3_uri``; returns that URI."""
        sagemaker_session = sagemaker_session or Session()
        bucket, key = parse_s3_url(s3_uri)
        body = b.read() if hasattr(b, "read") else b
        extra = _kms_args(kms_key) or {}
        sagemaker_session.s3_client.put_object(Bucket=bucket, Key=key, Body=body, **extra)
        return s3_uri


class S3Downloader(object):
    """Downloads objects from S3 and reads them."""

    @staticmethod
    def download(s3_uri, local_path, kms_key=None, sagemaker_session=None):
        """Downloads the object or every object under the prefix ``s3_uri``; returns the local paths."""
        sagemaker_session = sagemaker_session or Session()
        bucket, key_prefix = parse_s3_url(s3_uri)
        extra_args = {"SSECustomerKey": kms_key} if kms_key else None
        return sagemaker_session.download_data(
            path=local_path, bucket=bucket, key_prefix=key_prefix, extra_args=extra_args
        )

    @staticmethod
    def read_file(s3_uri, sagemaker_session=None):
        """The object's body as UTF-8 text."""
        sagemaker_session = sagemaker_session or Session()
        bucket, key = parse_s3_url(s3_uri)
        return sagemaker_session.read_s3_file(bucket, key)

    @staticmethod
    def read_bytes(s3_uri, sagemaker_session=None):
        """The object's body as bytes."""
        sagemaker_session = sagemaker_session or Session()
        bucket, key = parse_s3_url(s3_uri)
        return sagemaker_session.s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()

    @staticmethod
    def list(s3_uri, kms_key=None, sagemaker_session=None):
        """The S3 URIs of the objects under the prefix ``s3_uri``."""
        sagemaker_session = sagemaker_session or Session()
        bucket, key_prefix = parse_s3_url(s3_uri)
        keys = sagemaker_session.list_s3_files(bucket=bucket, key_prefix=key_prefix)
        return [os.path.join("s3://", bucket, key) for key in keys]
