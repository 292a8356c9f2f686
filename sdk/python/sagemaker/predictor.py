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
            data,
            initial_args,
            TargetModel=target_model,
            TargetVariant=target_variant,
            InferenceId=inference_id,
            CustomAttributes=custom_attributes,
        )
        response = self.sagemaker_session.sagemaker_runtime_client.invoke_endpoint(**request_args)
        return self._handle_response(response)

    def _handle_response(self, response):
        content_type = response.get("ContentType", "application/octet-stream")
        return self.deserializer.deserialize(response["Body"], content_type)

    def _create_request_args(self, data, initial_args=None, **members):
        """InvokeEndpoint's request: ``initial_args`` first, then the serializer's types, then the members given."""
        args = dict(initial_args) if initial_args else {}
        args.setdefault("EndpointName", self.endpoint_name)
        # Asked only when initial_args leave them out: a serializer may have no type of its own.
        if "ContentType" not in args:
            args["ContentType"] = _header_value(self.content_type)
        if "Accept" not in args:
            args["Accept"] = _header_value(self.accept)
        args.update({member: value for member, value in members.items() if value})
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


def _header_value(types):
    """A MIME type, or several joined as an HTTP header lists them."""
    return types if isinstance(types, str) else ", ".join(types)
