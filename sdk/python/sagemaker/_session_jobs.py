"""The control-plane half of ``sagemaker.Session``: training jobs, models, endpoint configs and endpoints.

Each method makes the boto3 ``sagemaker`` call the SDK makes, with the same request shape.
"""
import logging
import time

from sagemaker.exceptions import UnexpectedStatusException
from sagemaker.logs import tail_training_job

LOGGER = logging.getLogger("sagemaker")
# The SDK's poll intervals (seconds): endpoints are slow to start on AWS, jobs report often.
ENDPOINT_POLL = 30
JOB_POLL = 5


def production_variant(
    model_name,
    instance_type=None,
    initial_instance_count=None,
    variant_name="AllTraffic",
    initial_weight=1,
    accelerator_type=None,
    **kwargs
):
    """One ``ProductionVariants`` entry (``sagemaker.session.production_variant``)."""
    variant = {"ModelName": model_name, "VariantName": variant_name, "InitialVariantWeight": initial_weight}
    if instance_type is not None:
        variant["InstanceType"] = instance_type
        variant["InitialInstanceCount"] = initial_instance_count or 1
    if accelerator_type:
        variant["AcceleratorType"] = accelerator_type
    return variant


def container_def(image_uri, model_data_url=None, env=None, container_mode=None, **kwargs):
    """A model's ``PrimaryContainer`` (``sagemaker.container_def``)."""
    definition = {"Image": image_uri, "Environment": env or {}}
    if model_data_url:
        definition["ModelDataUrl"] = model_data_url
    if container_mode:
        definition["Mode"] = container_mode
    return definition


class JobsMixin(object):
    """Training jobs and endpoints through ``self.sagemaker_client``."""

    def train(self, **request):
        """CreateTrainingJob with the request the estimator built."""
        LOGGER.info("Creating training-job with name: %s", request["TrainingJobName"])
        return self.sagemaker_client.create_training_job(**request)

    def describe_training_job(self, job_name):
        return self.sagemaker_client.describe_training_job(TrainingJobName=job_name)

    def stop_training_job(self, job_name):
        self.sagemaker_client.stop_training_job(TrainingJobName=job_name)

    def wait_for_job(self, job, poll=JOB_POLL):
        """Waits for a training job to end; raises UnexpectedStatusException unless it Completed or Stopped."""
        while True:
            desc = self.describe_training_job(job)
            if desc["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
                break
            time.sleep(poll)
        _check_job_status(job, desc, "TrainingJobStatus")
        return desc

    def logs_for_job(self, job_name, wait=False, poll=10, log_type="All", timeout=None):
        """Prints the job's log lines from CloudWatch Logs as they come; with ``wait``, until the job ends."""
        desc = tail_training_job(self, job_name, wait=wait, poll=poll)
        if wait:
            _check_job_status(job_name, desc, "TrainingJobStatus")
            # Per instance, as the SDK prints them.
            instances = desc.get("ResourceConfig", {}).get("InstanceCount", 1)
            training = desc.get("TrainingTimeInSeconds")
            billable = desc.get("BillableTimeInSeconds")
            if training is not None:
                print("Training seconds:", training * instances)
            if billable is not None:
                print("Billable seconds:", billable * instances)
        return desc

    def create_model(
        self,
        name,
        role=None,
        container_defs=None,
        vpc_config=None,
        enable_network_isolation=None,
        primary_container=None,
        tags=None,
        **kwargs
    ):
        """CreateModel; returns the model's name."""
        request = {"ModelName": name}
        container = primary_container or container_defs
        if isinstance(container, list):
            request["Containers"] = container
        elif container is not None:
            request["PrimaryContainer"] = container
        if role:
            request["ExecutionRoleArn"] = self.expand_role(role)
        if tags:
            request["Tags"] = tags
        if vpc_config:
            request["VpcConfig"] = vpc_config
        if enable_network_isolation:
            request["EnableNetworkIsolation"] = True
        LOGGER.info("Creating model with name: %s", name)
        self.sagemaker_client.create_model(**request)
        return name

    def create_endpoint_config(
        self,
        name,
        model_name,
        initial_instance_count,
        instance_type,
        accelerator_type=None,
        tags=None,
        kms_key=None,
        data_capture_config_dict=None,
        **kwargs
    ):
        """CreateEndpointConfig with one variant ``AllTraffic``; returns the config's name."""
        variant = production_variant(
            model_name, instance_type, initial_instance_count, accelerator_type=accelerator_type
        )
        return self.create_endpoint_config_from_variants(
            name, [variant], tags=tags, kms_key=kms_key, data_capture_config_dict=data_capture_config_dict
        )

    def create_endpoint_config_from_variants(
        self, name, production_variants, tags=None, kms_key=None, data_capture_config_dict=None
    ):
        request = {"EndpointConfigName": name, "ProductionVariants": production_variants}
        if tags:
            request["Tags"] = tags
        if kms_key:
            request["KmsKeyId"] = kms_key
        if data_capture_config_dict is not None:
            request["DataCaptureConfig"] = data_capture_config_dict
        LOGGER.info("Creating endpoint-config with name %s", name)
        self.sagemaker_client.create_endpoint_config(**request)
        return name

    def create_endpoint(self, endpoint_name, config_name, tags=None, wait=True, live_logging=False):
        """CreateEndpoint; with ``wait``, until it is InService. Returns the endpoint's name."""
        LOGGER.info("Creating endpoint with name %s", endpoint_name)
        request = {"EndpointName": endpoint_name, "EndpointConfigName": config_name}
        if tags:
            request["Tags"] = tags
        self.sagemaker_client.create_endpoint(**request)
        if wait:
            self.wait_for_endpoint(endpoint_name)
        return endpoint_name

    def update_endpoint(self, endpoint_name, endpoint_config_name, wait=True):
        self.sagemaker_client.update_endpoint(
            EndpointName=endpoint_name, EndpointConfigName=endpoint_config_name
        )
        if wait:
            self.wait_for_endpoint(endpoint_name)
        return endpoint_name

    def wait_for_endpoint(self, endpoint, poll=ENDPOINT_POLL, live_logging=False):
        """Prints ``-`` per poll and ``!`` when InService, as the SDK does; raises on any other end."""
        while True:
            desc = self.sagemaker_client.describe_endpoint(EndpointName=endpoint)
            if desc["EndpointStatus"] not in ("Creating", "Updating"):
                break
            print("-", end="", flush=True)
            time.sleep(poll)
        print("!" if desc["EndpointStatus"] == "InService" else "*", flush=True)
        if desc["EndpointStatus"] != "InService":
            reason = desc.get("FailureReason", "(No reason provided)")
            raise UnexpectedStatusException(
                message="Error hosting endpoint {}: {}. Reason: {}.".format(
                    endpoint, desc["EndpointStatus"], reason
                ),
                allowed_statuses=["InService"],
                actual_status=desc["EndpointStatus"],
            )
        return desc

    def endpoint_from_production_variants(
        self, name, production_variants, tags=None, kms_key=None, wait=True, data_capture_config_dict=None,
        **kwargs
    ):
        self.create_endpoint_config_from_variants(
            name, production_variants, tags, kms_key, data_capture_config_dict
        )
        return self.create_endpoint(name, name, tags=tags, wait=wait)

    def delete_endpoint(self, endpoint_name):
        LOGGER.info("Deleting endpoint with name: %s", endpoint_name)
        self.sagemaker_client.delete_endpoint(EndpointName=endpoint_name)

    def delete_endpoint_config(self, endpoint_config_name):
        LOGGER.info("Deleting endpoint configuration with name: %s", endpoint_config_name)
        self.sagemaker_client.delete_endpoint_config(EndpointConfigName=endpoint_config_name)

    def delete_model(self, model_name):
        LOGGER.info("Deleting model with name: %s", model_name)
        self.sagemaker_client.delete_model(ModelName=model_name)


def _check_job_status(job, desc, status_key_name):
    status = desc[status_key_name]
    if status in ("Completed", "Stopped"):
        return
    reason = desc.get("FailureReason", "(No reason provided)")
    raise UnexpectedStatusException(
        message="Error for {} {}: {}. Reason: {}".format(
            status_key_name.replace("JobStatus", " job"), job, status, reason
        ),
        allowed_statuses=["Completed", "Stopped"],
        actual_status=status,
    )

