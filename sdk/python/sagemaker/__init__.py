"""The SageMaker Python SDK subset that ships with Scones: the real SDK's module paths, class names, signatures,
defaults and return types, everything through boto3 (so ``AWS_ENDPOINT_URL`` points it at Scones)."""
from sagemaker import image_uris  # noqa: F401
from sagemaker._session_jobs import container_def, production_variant  # noqa: F401
from sagemaker.estimator import Estimator  # noqa: F401
from sagemaker.inputs import TrainingInput  # noqa: F401
from sagemaker.model import Model  # noqa: F401
from sagemaker.model_monitor import DataCaptureConfig  # noqa: F401
from sagemaker.predictor import Predictor, RealTimePredictor  # noqa: F401
from sagemaker.session import Session, get_execution_role  # noqa: F401

__version__ = "2.232.0+scones.1"
