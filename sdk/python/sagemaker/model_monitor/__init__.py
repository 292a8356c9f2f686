"""``sagemaker.model_monitor``: data capture and the default (data-quality) model monitor."""
from sagemaker.model_monitor.cron_expression_generator import CronExpressionGenerator  # noqa: F401
from sagemaker.model_monitor.data_capture_config import DataCaptureConfig  # noqa: F401
from sagemaker.model_monitor.dataset_format import DatasetFormat  # noqa: F401
from sagemaker.model_monitor.model_monitoring import DefaultModelMonitor, EndpointInput  # noqa: F401
from sagemaker.model_monitor.monitoring_files import (  # noqa: F401
    Constraints,
    ConstraintViolations,
    Statistics,
)
