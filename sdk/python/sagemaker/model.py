"""``sagemaker.model.Model``: CreateModel, then an endpoint config and an endpoint, on ``deploy``."""
from sagemaker import utils
from sagemaker._session_jobs import container_def, production_variant
from sagemaker.session import Session


class Model(object):
    """A model artifact in S3 and the image that serves it."""

    def __init__(
        self,
        image_uri=None,
        model_data=None,
        role=None,
        predictor_cls=None,
        env=None,
        name=None,
        vpc_config=None,
        sagemaker_session=None,
        enable_network_isolation=None,
        model_kms_key=None,
        image_config=None,
        source_dir=None,
        code_location=None,
        entry_point=None,
        container_log_level=None,
        dependencies=None,
        git_config=None,
        resources=None,
        additional_model_data_sources=None,
        model_reference_arn=None,
        **kwargs
    ):
        self.image_uri = image_uri
        self.model_data = model_data
        self.role = role
        self.predictor_cls = predictor_cls
        self.env = env or {}
        self.name = name
        self.vpc_config = vpc_config
        self.sagemaker_session = sagemaker_session
        self.enable_network_isolation_flag = bool(enable_network_isolation)
        self.endpoint_name = None
        self._base_name = None

    def enable_network_isolation(self):
        return self.enable_network_isolation_flag

    def prepare_container_def(self, instance_type=None, accelerator_type=None, **kwargs):
        """The ``PrimaryContainer`` of CreateModel."""
        return container_def(self.image_uri, self.model_data, self.env)

    def _init_sagemaker_session_if_does_not_exist(self, instance_type=None):
        if self.sagemaker_session is None:
            self.sagemaker_session = Session()

    def _create_sagemaker_model(self, instance_type=None, accelerator_type=None, tags=None, **kwargs):
        container = self.prepare_container_def(instance_type, accelerator_type=accelerator_type)
        if self.name is None:
            self._base_name = utils.base_name_from_image(self.image_uri)
            self.name = utils.name_from_base(self._base_name)
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        self.sagemaker_session.create_model(
            name=self.name,
            role=self.role,
            container_defs=container,
            vpc_config=self.vpc_config,
            enable_network_isolation=self.enable_network_isolation_flag,
            tags=tags,
        )

    def create(self, instance_type=None, accelerator_type=None, serverless_inference_config=None, tags=None):
        """CreateModel only."""
        self._create_sagemaker_model(instance_type, accelerator_type, tags)

    def deploy(
        self,
        initial_instance_count=None,
        instance_type=None,
        serializer=None,
        deserializer=None,
        accelerator_type=None,
        endpoint_name=None,
        tags=None,
        kms_key=None,
        wait=True,
        data_capture_config=None,
        async_inference_config=None,
        serverless_inference_config=None,
        volume_size=None,
        model_data_download_timeout=None,
        container_startup_health_check_timeout=None,
        inference_recommendation_id=None,
        explainer_config=None,
        **kwargs
    ):
        """Creates the model, an endpoint config with one variant and the endpoint; waits for InService.

        Returns ``predictor_cls(endpoint_name, sagemaker_session)`` when the model has one, else None (as the SDK).
        """
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        if instance_type is None or initial_instance_count is None:
            raise ValueError("Must specify instance type and instance count unless using serverless inference")
        for name, value in (("async_inference_config", async_inference_config),
                            ("serverless_inference_config", serverless_inference_config)):
            if value is not None:
                raise ValueError("{} is not supported by Scones".format(name))
        self._create_sagemaker_model(instance_type, accelerator_type, tags)
        variant = production_variant(
            self.name, instance_type, initial_instance_count, accelerator_type=accelerator_type
        )
        if endpoint_name:
            self.endpoint_name = endpoint_name
        else:
            self.endpoint_name = utils.name_from_base(self._base_name or utils.base_from_name(self.name))
        capture = data_capture_config._to_request_dict() if data_capture_config else None
        self.sagemaker_session.endpoint_from_production_variants(
            name=self.endpoint_name,
            production_variants=[variant],
            tags=tags,
            kms_key=kms_key,
            wait=wait,
            data_capture_config_dict=capture,
        )
        if self.predictor_cls is None:
            return None
        predictor = self.predictor_cls(self.endpoint_name, self.sagemaker_session)
        if serializer:
            predictor.serializer = serializer
        if deserializer:
            predictor.deserializer = deserializer
        return predictor

    def delete_model(self):
        """DeleteModel."""
        if self.name is None:
            raise ValueError("The SageMaker model must be created first before attempting to delete.")
        self.sagemaker_session.delete_model(self.name)
