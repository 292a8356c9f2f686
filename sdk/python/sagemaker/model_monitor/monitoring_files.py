"""``Statistics``, ``Constraints``, ``ConstraintViolations``: Model Monitor's JSON files in S3, parsed."""
import json

from sagemaker.s3 import S3Downloader


class ModelMonitoringFile(object):
    """One JSON document of a baseline or an execution: ``body_dict`` and the ``file_s3_uri`` it came from."""

    def __init__(self, body_dict, file_s3_uri, kms_key=None, sagemaker_session=None):
        self.body_dict = body_dict
        self.file_s3_uri = file_s3_uri
        self.kms_key = kms_key
        self.session = sagemaker_session

    @classmethod
    def _read(cls, file_s3_uri, kms_key=None, sagemaker_session=None):
        body = json.loads(S3Downloader.read_file(file_s3_uri, sagemaker_session=sagemaker_session))
        return cls(body, file_s3_uri, kms_key=kms_key, sagemaker_session=sagemaker_session)


class Statistics(ModelMonitoringFile):
    def __init__(self, body_dict=None, statistics_file_s3_uri=None, kms_key=None, sagemaker_session=None):
        super(Statistics, self).__init__(body_dict, statistics_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_s3_uri(cls, statistics_file_s3_uri, kms_key=None, sagemaker_session=None):
        return cls._read(statistics_file_s3_uri, kms_key, sagemaker_session)


class Constraints(ModelMonitoringFile):
    def __init__(self, body_dict=None, constraints_file_s3_uri=None, kms_key=None, sagemaker_session=None):
        super(Constraints, self).__init__(body_dict, constraints_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_s3_uri(cls, constraints_file_s3_uri, kms_key=None, sagemaker_session=None):
        return cls._read(constraints_file_s3_uri, kms_key, sagemaker_session)


class ConstraintViolations(ModelMonitoringFile):
    def __init__(self, body_dict=None, constraint_violations_file_s3_uri=None, kms_key=None,
                 sagemaker_session=None):
        super(ConstraintViolations, self).__init__(
            body_dict, constraint_violations_file_s3_uri, kms_key, sagemaker_session
        )

    @classmethod
    def from_s3_uri(cls, constraint_violations_file_s3_uri, kms_key=None, sagemaker_session=None):
        return cls._read(constraint_violations_file_s3_uri, kms_key, sagemaker_session)
