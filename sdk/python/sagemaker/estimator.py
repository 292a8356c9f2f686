"""``sagemaker.estimator.Estimator``: CreateTrainingJob for an algorithm image, its logs, and ``deploy``."""
import logging
import os

from sagemaker import utils
from sagemaker.inputs import TrainingInput, channel_from
from sagemaker.model import Model
from sagemaker.predictor import Predictor
from sagemaker.session import Session

LOGGER = logging.getLogger("sagemaker")
# The SDK's defaults: 30 GB volumes, one day of training.
DEFAULT_VOLUME_SIZE = 30
DEFAULT_MAX_RUN = 24 * 60 * 60


class _TrainingJob(object):
    """A started training job (``estimator.latest_training_job``)."""

    def __init__(self, sagemaker_session, job_name):
        self.sagemaker_session = sagemaker_session
        self.job_name = job_name

    @property
    def name(self):
        return self.job_name

    def describe(self):
        return self.sagemaker_session.describe_training_job(self.job_name)

    def wait(self, logs="All"):
        """Until the job ends, printing its logs unless ``logs`` is ``"None"`` (or False)."""
        if logs and logs != "None":
            return self.sagemaker_session.logs_for_job(self.job_name, wait=True, log_type=logs)
        return self.sagemaker_session.wait_for_job(self.job_name)

    def stop(self):
        self.sagemaker_session.stop_training_job(self.job_name)


class Estimator(object):
    """Trains with an algorithm's image (``image_uris.retrieve(...)``) and deploys the result."""

    def __init__(
        self,
        image_uri,
        role=None,
        instance_count=None,
        instance_type=None,
        keep_alive_period_in_seconds=None,
        volume_size=DEFAULT_VOLUME_SIZE,
        volume_kms_key=None,
        max_run=DEFAULT_MAX_RUN,
        input_mode="File",
        output_path=None,
        output_kms_key=None,
        base_job_name=None,
        sagemaker_session=None,
        hyperparameters=None,
        tags=None,
        subnets=None,
        security_group_ids=None,
        model_uri=None,
        model_channel_name="model",
        metric_definitions=None,
        encrypt_inter_container_traffic=None,
        use_spot_instances=False,
        max_wait=None,
        checkpoint_s3_uri=None,
        checkpoint_local_path=None,
        enable_network_isolation=None,
        rules=None,
        debugger_hook_config=None,
        tensorboard_output_config=None,
        enable_sagemaker_metrics=None,
        profiler_config=None,
        disable_profiler=None,
        environment=None,
        max_retry_attempts=None,
        **kwargs
    ):
        self.image_uri = image_uri
        self.role = role
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.keep_alive_period_in_seconds = keep_alive_period_in_seconds
        self.volume_size = volume_size
        self.volume_kms_key = volume_kms_key
        self.max_run = max_run
        self.input_mode = input_mode
        self.output_path = output_path
        self.output_kms_key = output_kms_key
        self.base_job_name = base_job_name
        self.sagemaker_session = sagemaker_session or Session()
        self._hyperparameters = dict(hyperparameters or {})
        self.tags = tags
        self.subnets = subnets
        self.security_group_ids = security_group_ids
        self.metric_definitions = metric_definitions
        self.use_spot_instances = use_spot_instances
        self.max_wait = max_wait
        self.checkpoint_s3_uri = checkpoint_s3_uri
        self.enable_network_isolation_flag = bool(enable_network_isolation)
        self.rules = rules
        self.debugger_hook_config = debugger_hook_config
        self.enable_sagemaker_metrics = enable_sagemaker_metrics
        self.disable_profiler = bool(disable_profiler)
        self.environment = environment
        self.max_retry_attempts = max_retry_attempts
        self.latest_training_job = None
        self._current_job_name = None

    def training_image_uri(self):
        return self.image_uri

    def set_hyperparameters(self, **kwargs):
        """Keeps the hyperparameters; they are sent as strings (``str(value)``) in CreateTrainingJob."""
        for key, value in kwargs.items():
            self._hyperparameters[key] = value

    def hyperparameters(self):
        return self._hyperparameters

    def enable_network_isolation(self):
        return self.enable_network_isolation_flag

    def _prepare_for_training(self, job_name=None):
        base = self.base_job_name or utils.base_name_from_image(self.training_image_uri())
        self._current_job_name = job_name or utils.name_from_base(base)
        if self.output_path is None:
            self.output_path = "s3://{}/".format(self.sagemaker_session.default_bucket())

    def _train_request(self, inputs):
        """CreateTrainingJob's request, as the SDK's ``Session._get_train_request`` shapes it."""
        algorithm = {"TrainingInputMode": self.input_mode, "TrainingImage": self.training_image_uri()}
        if self.metric_definitions is not None:
            algorithm["MetricDefinitions"] = self.metric_definitions
        if self.enable_sagemaker_metrics is not None:
            algorithm["EnableSageMakerMetricsTimeSeries"] = self.enable_sagemaker_metrics
        output = {"S3OutputPath": self.output_path}
        if self.output_kms_key is not None:
            output["KmsKeyId"] = self.output_kms_key
        resources = {
            "InstanceCount": self.instance_count,
            "InstanceType": self.instance_type,
            "VolumeSizeInGB": self.volume_size,
        }
        if self.volume_kms_key is not None:
            resources["VolumeKmsKeyId"] = self.volume_kms_key
        stopping = {"MaxRuntimeInSeconds": self.max_run}
        if self.max_wait is not None:
            stopping["MaxWaitTimeInSeconds"] = self.max_wait
        request = {
            "AlgorithmSpecification": algorithm,
            "RoleArn": self.sagemaker_session.expand_role(self.role),
            "OutputDataConfig": output,
            "ResourceConfig": resources,
            "StoppingCondition": stopping,
            "TrainingJobName": self._current_job_name,
        }
        channels = _channels(inputs)
        if channels:
            request["InputDataConfig"] = channels
        hyperparameters = {str(k): str(v) for k, v in self.hyperparameters().items()}
        if hyperparameters:
            request["HyperParameters"] = hyperparameters
        request.update(self._optional_request_fields())
        return request

    def _optional_request_fields(self):
        fields = {}
        if self.tags:
            fields["Tags"] = self.tags
        if self.subnets and self.security_group_ids:
            fields["VpcConfig"] = {"Subnets": self.subnets, "SecurityGroupIds": self.security_group_ids}
        if self.enable_network_isolation_flag:
            fields["EnableNetworkIsolation"] = True
        if self.use_spot_instances:
            fields["EnableManagedSpotTraining"] = True
        if self.checkpoint_s3_uri:
            fields["CheckpointConfig"] = {"S3Uri": self.checkpoint_s3_uri}
        if self.environment:
            fields["Environment"] = self.environment
        if self.max_retry_attempts is not None:
            fields["RetryStrategy"] = {"MaximumRetryAttempts": self.max_retry_attempts}
        # The SDK always configures the debugger hook and the profiler to write beside the model.
        hook = self.debugger_hook_config
        fields["DebugHookConfig"] = (
            hook._to_request_dict() if hook else {"S3OutputPath": self.output_path, "CollectionConfigurations": []}
        )
        fields["ProfilerConfig"] = (
            {"DisableProfiler": True}
            if self.disable_profiler
            else {"S3OutputPath": self.output_path, "DisableProfiler": False}
        )
        if self.rules:
            fields["DebugRuleConfigurations"] = [
                rule.to_debugger_rule_config_dict(self.sagemaker_session.boto_region_name)
                for rule in self.rules
            ]
        return fields

    def fit(self, inputs=None, wait=True, logs="All", job_name=None, experiment_config=None):
        """Starts the training job; with ``wait``, prints its logs (``logs="All"``) until it ends."""
        self._prepare_for_training(job_name=job_name)
        self.sagemaker_session.train(**self._train_request(inputs))
        self.latest_training_job = _TrainingJob(self.sagemaker_session, self._current_job_name)
        if wait:
            self.latest_training_job.wait(logs=logs)

    @property
    def model_data(self):
        """The S3 URI of the trained model (``model.tar.gz``)."""
        if self.latest_training_job is not None:
            return self.sagemaker_session.sagemaker_client.describe_training_job(
                TrainingJobName=self.latest_training_job.name
            )["ModelArtifacts"]["S3ModelArtifacts"]
        LOGGER.warning(
            "No finished training job found associated with this estimator. Please make sure this estimator "
            "is only used for building workflow config"
        )
        return os.path.join(self.output_path, self._current_job_name, "output", "model.tar.gz")

    def _ensure_latest_training_job(self):
        if self.latest_training_job is None:
            raise ValueError("Estimator is not associated with a training job")

    def create_model(self, role=None, image_uri=None, predictor_cls=None, serializer=None,
                     deserializer=None, **kwargs):
        """A Model of the trained artifact; its predictor is a ``Predictor``."""
        if predictor_cls is None:
            def predict_wrapper(endpoint, session):
                return Predictor(endpoint, session, **_codecs(serializer, deserializer))

            predictor_cls = predict_wrapper
        return Model(
            image_uri or self.training_image_uri(),
            self.model_data,
            role or self.role,
            predictor_cls=predictor_cls,
            sagemaker_session=self.sagemaker_session,
            vpc_config=kwargs.pop("vpc_config", None),
            **kwargs
        )

    def deploy(self, initial_instance_count=None, instance_type=None, serializer=None, deserializer=None,
               accelerator_type=None, endpoint_name=None, use_compiled_model=False, wait=True,
               model_name=None, kms_key=None, data_capture_config=None, tags=None, **kwargs):
        """Creates a model of the last training job and deploys it; returns a ``Predictor``."""
        self._ensure_latest_training_job()
        default_name = utils.name_from_base(
            self.base_job_name or utils.base_name_from_image(self.training_image_uri())
        )
        model = self.create_model(serializer=serializer, deserializer=deserializer)
        model.name = model_name or default_name
        return model.deploy(
            initial_instance_count=initial_instance_count,
            instance_type=instance_type,
            accelerator_type=accelerator_type,
            endpoint_name=endpoint_name or default_name,
            tags=tags or self.tags,
            wait=wait,
            kms_key=kms_key,
            data_capture_config=data_capture_config,
            **kwargs
        )


def _channels(inputs):
    if inputs is None:
        return []
    if isinstance(inputs, dict):
        return [channel_from(name, data) for name, data in inputs.items()]
    if isinstance(inputs, (str, TrainingInput)):
        return [channel_from("training", inputs)]
    raise ValueError(
        "Cannot format input {}. Expecting one of str, dict, TrainingInput or FileSystemInput".format(inputs)
    )


def _codecs(serializer, deserializer):
    chosen = {}
    if serializer is not None:
        chosen["serializer"] = serializer
    if deserializer is not None:
        chosen["deserializer"] = deserializer
    return chosen
