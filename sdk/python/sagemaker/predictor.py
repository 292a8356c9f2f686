"""``sagemaker.predictor.Predictor``: InvokeEndpoint through the session's ``sagemaker-runtime`` client."""
from sagemaker.deserializers import BytesDeserializer
from sagemaker.serializers import IdentitySerializer
from sagemaker.session import Session


class Predictor(object):
    """Makes real-time predictions against an endpoint."""

    def __init__(
        self,
        endpoint_name,
        sagemaker_session=None,
        serializer=IdentitySerializer(),
        deserializer=BytesDeserializer(),
        component_name=None,
        **kwargs
    ):
        self.endpoint_name = endpoint_name
        self.sagemaker_session = sagemaker_session or Session()
        self.serializer = serializer
        self.deserializer = deserializer
        self.component_name = component_name
        self._endpoint_config_name = None
        self._model_names = None

    @property
    def content_type(self):
        """The MIME type the serializer produces."""
        return self.serializer.CONTENT_TYPE

    @property
    def accept(self):
        """The MIME types the deserializer accepts."""
        return self.deserializer.ACCEPT

    def predict(
        self,
        data,
        initial_args=None,
        target_model=None,
        target_variant=None,
        inference_id=None,
        custom_attributes=None,
        component_name=None,
    ):
        """Serializes ``data``, invokes the endpoint, and returns the deserialized response body."""
        request_args = self._create_request_args(
            data, initial_args, target_model, target_variant, inference_id, custom_attributes
        )
        response = self.sagemaker_session.sagemaker_runtime_client.invoke_endpoint(**request_args)
        return self._handle_response(response)

    def _handle_response(self, response):
        content_type = response.get("ContentType", "application/octet-stream")
        return self.deserializer.deserialize(response["Body"], content_type)

    def _create_request_args(
        self,
        data,
        initial_args=None,
        target_model=None,
        target_variant=None,
        inference_id=None,
        custom_attributes=None,
    ):
        args = dict(initial_args) if initial_args else {}
        args.setdefault("EndpointName", self.endpoint_name)
        if "ContentType" not in args:
            content_type = self.content_type
            args["ContentType"] = content_type if isinstance(content_type, str) else ", ".join(content_type)
        if "Accept" not in args:
            accept = self.accept
            args["Accept"] = accept if isinstance(accept, str) else ", ".join(accept)
        if target_model:
            args["TargetModel"] = target_model
        if target_variant:
            args["TargetVariant"] = target_variant
        if inference_id:
            args["InferenceId"] = inference_id
        if custom_attributes:
            args["CustomAttributes"] = custom_attributes
        args["Body"] = self.serializer.serialize(data)
        return args

    def update_endpoint(self, model_name=None, **kwargs):
        raise NotImplementedError("Predictor.update_endpoint is not part of the Scones SDK subset")

    def _get_endpoint_config_name(self):
        if self._endpoint_config_name is None:
            desc = self.sagemaker_session.sagemaker_client.describe_endpoint(EndpointName=self.endpoint_name)
            self._endpoint_config_name = desc["EndpointConfigName"]
        return self._endpoint_config_name

    def _get_model_names(self):
        if self._model_names is None:
            desc = self.sagemaker_session.sagemaker_client.describe_endpoint_config(
                EndpointConfigName=self._get_endpoint_config_name()
            )
            self._model_names = [variant["ModelName"] for variant in desc["ProductionVariants"]]
        return self._model_names

    def delete_endpoint(self, delete_endpoint_config=True):
        """Deletes the endpoint, and (by default) its endpoint config."""
        if delete_endpoint_config:
            self.sagemaker_session.delete_endpoint_config(self._get_endpoint_config_name())
        self.sagemaker_session.delete_endpoint(self.endpoint_name)

    def delete_model(self):
        """Deletes the models behind the endpoint."""
        for model_name in self._get_model_names():
            self.sagemaker_session.delete_model(model_name)

    def disable_data_capture(self):
        raise NotImplementedError("Predictor.disable_data_capture is not part of the Scones SDK subset")


RealTimePredictor = Predictor
