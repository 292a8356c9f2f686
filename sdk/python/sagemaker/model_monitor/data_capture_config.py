"""``DataCaptureConfig``: an endpoint config's ``DataCaptureConfig`` (sampling, destination, what is captured)."""
from sagemaker.utils import s3_path_join

_MODEL_MONITOR_S3_PATH = "model-monitor"
_DATA_CAPTURE_S3_PATH = "data-capture"
# The SDK's names for the capture modes of the API.
_CAPTURE_MODES = {"REQUEST": "Input", "RESPONSE": "Output"}


class DataCaptureConfig(object):
    """What an endpoint captures and where: ``s3://{default bucket}/model-monitor/data-capture`` by default."""

    API_MAPPING = _CAPTURE_MODES

    def __init__(
        self,
        enable_capture,
        sampling_percentage=20,
        destination_s3_uri=None,
        kms_key_id=None,
        capture_options=None,
        csv_content_types=None,
        json_content_types=None,
        sagemaker_session=None,
    ):
        self.enable_capture = enable_capture
        self.sampling_percentage = sampling_percentage
        self.destination_s3_uri = destination_s3_uri
        if self.destination_s3_uri is None:
            from sagemaker.session import Session

            sagemaker_session = sagemaker_session or Session()
            self.destination_s3_uri = s3_path_join(
                "s3://", sagemaker_session.default_bucket(), _MODEL_MONITOR_S3_PATH, _DATA_CAPTURE_S3_PATH
            )
        self.kms_key_id = kms_key_id
        self.capture_options = capture_options or ["REQUEST", "RESPONSE"]
        self.csv_content_types = csv_content_types
        self.json_content_types = json_content_types

    def _to_request_dict(self):
        request = {
            "EnableCapture": self.enable_capture,
            "InitialSamplingPercentage": self.sampling_percentage,
            "DestinationS3Uri": self.destination_s3_uri,
            "CaptureOptions": [
                {"CaptureMode": _CAPTURE_MODES[option.upper()]} for option in self.capture_options
            ],
        }
        if self.kms_key_id is not None:
            request["KmsKeyId"] = self.kms_key_id
        header = {}
        if self.csv_content_types is not None:
            header["CsvContentTypes"] = self.csv_content_types
        if self.json_content_types is not None:
            header["JsonContentTypes"] = self.json_content_types
        if header:
            request["CaptureContentTypeHeader"] = header
        return request
