"""``DefaultModelMonitor``: a data-quality job definition and the monitoring schedule that names it."""
import datetime

from botocore.exceptions import ClientError

from sagemaker import image_uris, utils
from sagemaker.model_monitor.monitoring_files import Constraints, ConstraintViolations, Statistics
from sagemaker.session import Session

_CONTAINER_BASE_PATH = "/opt/ml/processing"
_MODEL_MONITOR_S3_PATH = "model-monitor"
_MONITORING_SCHEDULES_S3_PATH = "monitoring-schedules"
_RESULTS_S3_PATH = "results"


class EndpointInput(object):
    """The endpoint a schedule monitors."""

    def __init__(self, endpoint_name, destination=_CONTAINER_BASE_PATH + "/input/endpoint",
                 s3_input_mode="File", s3_data_distribution_type="FullyReplicated", **kwargs):
        self.endpoint_name = endpoint_name
        self.destination = destination
        self.s3_input_mode = s3_input_mode
        self.s3_data_distribution_type = s3_data_distribution_type

    def _to_request_dict(self):
        return {
            "EndpointInput": {
                "EndpointName": self.endpoint_name,
                "LocalPath": self.destination,
                "S3InputMode": self.s3_input_mode,
                "S3DataDistributionType": self.s3_data_distribution_type,
            }
        }


def _s3_uri_of(resource):
    # Statistics/Constraints objects carry their file's URI; a string is the URI.
    return getattr(resource, "file_s3_uri", resource)


class DefaultModelMonitor(object):
    """Model Monitor's built-in data-quality analysis, as far as Scones's monitoring goes."""

    def __init__(self, role=None, instance_count=1, instance_type="ml.m5.xlarge", volume_size_in_gb=30,
                 volume_kms_key=None, output_kms_key=None, max_runtime_in_seconds=None, base_job_name=None,
                 sagemaker_session=None, env=None, tags=None, network_config=None):
        self.role = role
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.volume_size_in_gb = volume_size_in_gb
        self.max_runtime_in_seconds = max_runtime_in_seconds
        self.base_job_name = base_job_name
        self.sagemaker_session = sagemaker_session or Session()
        self.env = env
        self.tags = tags
        self.image_uri = image_uris.retrieve("model-monitor", self.sagemaker_session.boto_region_name)
        self.monitoring_schedule_name = None
        self.job_definition_name = None
        self.latest_baselining_job = None

    def suggest_baseline(self, *args, **kwargs):
        raise NotImplementedError(
            "suggest_baseline runs a SageMaker Processing job, which Scones does not serve: Scones computes the "
            "endpoint's baseline itself, run `scones monitor baseline --endpoint <endpoint>`; a schedule created "
            "without statistics and constraints then gets them in Model Monitor's formats, read with "
            "baseline_statistics() and suggested_constraints()"
        )

    def baseline_statistics(self, file_name="statistics.json", kms_key=None):
        """The ``Statistics`` the monitor's job definition names (Scones's baseline unless given others)."""
        return self._baseline_file("StatisticsResource", "statistics.json", file_name, Statistics, kms_key)

    def suggested_constraints(self, file_name="constraints.json", kms_key=None):
        """The ``Constraints`` the monitor's job definition names (Scones's baseline unless given others)."""
        return self._baseline_file("ConstraintsResource", "constraints.json", file_name, Constraints, kms_key)

    def _baseline_file(self, resource, default_name, file_name, file_class, kms_key):
        # On AWS these read the latest baselining job's output; on Scones the baseline is the endpoint's own,
        # written next to the definition's reports and named by DescribeDataQualityJobDefinition.
        if self.job_definition_name is None:
            raise ValueError("No baseline: create_monitoring_schedule (or attach) first.")
        definition = self.sagemaker_session.sagemaker_client.describe_data_quality_job_definition(
            JobDefinitionName=self.job_definition_name
        )
        uri = definition.get("DataQualityBaselineConfig", {}).get(resource, {}).get("S3Uri")
        if uri is None:
            raise ValueError(
                "Job definition {} names no baseline yet: run `scones monitor baseline --endpoint {}`.".format(
                    self.job_definition_name,
                    definition["DataQualityJobInput"].get("EndpointInput", {}).get("EndpointName", "<endpoint>"),
                )
            )
        if file_name != default_name:  # Another file of the same baseline folder, as the SDK's file_name picks.
            uri = utils.s3_path_join(uri.rsplit("/", 1)[0], file_name)
        return file_class.from_s3_uri(uri, kms_key=kms_key, sagemaker_session=self.sagemaker_session)

    def _job_definition_request(self, name, endpoint_input, output_s3_uri, statistics, constraints,
                                record_preprocessor_script, post_analytics_processor_script):
        app = {"ImageUri": self.image_uri}
        if self.env:
            app["Environment"] = self.env
        if record_preprocessor_script:
            app["RecordPreprocessorSourceUri"] = record_preprocessor_script
        if post_analytics_processor_script:
            app["PostAnalyticsProcessorSourceUri"] = post_analytics_processor_script
        endpoint = endpoint_input if isinstance(endpoint_input, EndpointInput) else EndpointInput(endpoint_input)
        request = {
            "JobDefinitionName": name,
            "DataQualityAppSpecification": app,
            "DataQualityJobInput": endpoint._to_request_dict(),
            "DataQualityJobOutputConfig": {
                "MonitoringOutputs": [{"S3Output": {
                    "S3Uri": output_s3_uri,
                    "LocalPath": _CONTAINER_BASE_PATH + "/output",
                    "S3UploadMode": "Continuous",
                }}]
            },
            "JobResources": {"ClusterConfig": {
                "InstanceCount": self.instance_count,
                "InstanceType": self.instance_type,
                "VolumeSizeInGB": self.volume_size_in_gb,
            }},
            "RoleArn": self.sagemaker_session.expand_role(self.role),
        }
        baseline = {}
        if constraints is not None:
            baseline["ConstraintsResource"] = {"S3Uri": _s3_uri_of(constraints)}
        if statistics is not None:
            baseline["StatisticsResource"] = {"S3Uri": _s3_uri_of(statistics)}
        if baseline:
            request["DataQualityBaselineConfig"] = baseline
        if self.max_runtime_in_seconds is not None:
            request["StoppingCondition"] = {"MaxRuntimeInSeconds": self.max_runtime_in_seconds}
        if self.tags:
            request["Tags"] = self.tags
        return request

    def create_monitoring_schedule(self, endpoint_input=None, record_preprocessor_script=None,
                                   post_analytics_processor_script=None, output_s3_uri=None, constraints=None,
                                   statistics=None, monitor_schedule_name=None, schedule_cron_expression=None,
                                   enable_cloudwatch_metrics=True, batch_transform_input=None, **kwargs):
        """CreateDataQualityJobDefinition, then CreateMonitoringSchedule naming it (as the SDK does)."""
        if endpoint_input is None:
            raise ValueError("Need to have endpoint_input (batch transform is not served by Scones)")
        if self.monitoring_schedule_name is not None:
            raise ValueError("It seems that this object was already used to create an Amazon Model Monitoring "
                             "Schedule. To create another, please create a new object.")
        base = self.base_job_name or utils.base_name_from_image(self.image_uri)
        schedule_name = monitor_schedule_name or utils.name_from_base(base)
        definition_name = utils.name_from_base(base)
        output_s3_uri = output_s3_uri or utils.s3_path_join(
            "s3://", self.sagemaker_session.default_bucket(), _MODEL_MONITOR_S3_PATH,
            _MONITORING_SCHEDULES_S3_PATH, schedule_name, _RESULTS_S3_PATH,
        )
        client = self.sagemaker_session.sagemaker_client
        client.create_data_quality_job_definition(**self._job_definition_request(
            definition_name, endpoint_input, output_s3_uri, statistics, constraints,
            record_preprocessor_script, post_analytics_processor_script,
        ))
        config = {"MonitoringJobDefinitionName": definition_name, "MonitoringType": "DataQuality"}
        if schedule_cron_expression is not None:
            config["ScheduleConfig"] = {"ScheduleExpression": schedule_cron_expression}
        request = {"MonitoringScheduleName": schedule_name, "MonitoringScheduleConfig": config}
        if self.tags:
            request["Tags"] = self.tags
        client.create_monitoring_schedule(**request)
        self.job_definition_name = definition_name
        self.monitoring_schedule_name = schedule_name

    def describe_schedule(self):
        return self.sagemaker_session.sagemaker_client.describe_monitoring_schedule(
            MonitoringScheduleName=self.monitoring_schedule_name
        )

    def list_executions(self):
        """The schedule's executions (ListMonitoringExecutionsResponse's summaries), oldest first."""
        response = self.sagemaker_session.sagemaker_client.list_monitoring_executions(
            MonitoringScheduleName=self.monitoring_schedule_name, SortBy="ScheduledTime", SortOrder="Ascending"
        )
        return response.get("MonitoringExecutionSummaries", [])

    def start_monitoring_schedule(self):
        self.sagemaker_session.sagemaker_client.start_monitoring_schedule(
            MonitoringScheduleName=self.monitoring_schedule_name
        )

    def stop_monitoring_schedule(self):
        self.sagemaker_session.sagemaker_client.stop_monitoring_schedule(
            MonitoringScheduleName=self.monitoring_schedule_name
        )

    @classmethod
    def attach(cls, monitor_schedule_name, sagemaker_session=None):
        """A monitor for an existing schedule (its job definition's role, resources and image)."""
        session = sagemaker_session or Session()
        client = session.sagemaker_client
        schedule = client.describe_monitoring_schedule(MonitoringScheduleName=monitor_schedule_name)
        definition_name = schedule["MonitoringScheduleConfig"]["MonitoringJobDefinitionName"]
        definition = client.describe_data_quality_job_definition(JobDefinitionName=definition_name)
        cluster = definition["JobResources"]["ClusterConfig"]
        monitor = cls(role=definition["RoleArn"], instance_count=cluster.get("InstanceCount", 1),
                      instance_type=cluster.get("InstanceType", "ml.m5.xlarge"),
                      volume_size_in_gb=cluster.get("VolumeSizeInGB", 30), sagemaker_session=session,
                      max_runtime_in_seconds=definition.get("StoppingCondition", {}).get("MaxRuntimeInSeconds"))
        monitor.monitoring_schedule_name = monitor_schedule_name
        monitor.job_definition_name = definition_name
        return monitor

    def latest_monitoring_statistics(self, file_name="statistics.json"):
        """The latest execution's ``Statistics``, or None (printing why) as the SDK."""
        return self._latest_file(file_name, Statistics, "statistics")

    def latest_monitoring_constraint_violations(self, file_name="constraint_violations.json"):
        """The latest execution's ``ConstraintViolations``, or None (printing why) as the SDK."""
        return self._latest_file(file_name, ConstraintViolations, "constraint violations")

    def _latest_file(self, file_name, file_class, what):
        executions = self.list_executions()
        if len(executions) == 0:
            print("No executions found for schedule. monitoring_schedule_name: {}".format(
                self.monitoring_schedule_name))
            return None
        latest = executions[-1]
        status = latest["MonitoringExecutionStatus"]
        if status not in ("Completed", "CompletedWithViolations"):
            print("Unable to retrieve {} as job is in status '{}'. Latest {} only available for completed "
                  "executions.".format(what, status, what))
            return None
        try:
            return file_class.from_s3_uri(
                utils.s3_path_join(self._execution_output(latest), file_name),
                sagemaker_session=self.sagemaker_session,
            )
        except ClientError:
            print("Unable to retrieve {}: {} not found in the execution's output.".format(what, file_name))
            return None

    def _execution_output(self, execution):
        # Where Model Monitor writes an execution's reports: <output>/<endpoint>/<schedule>/yyyy/mm/dd/hh.
        definition = self.sagemaker_session.sagemaker_client.describe_data_quality_job_definition(
            JobDefinitionName=execution.get("MonitoringJobDefinitionName", self.job_definition_name)
        )
        output = definition["DataQualityJobOutputConfig"]["MonitoringOutputs"][0]["S3Output"]["S3Uri"]
        return utils.s3_path_join(output, execution["EndpointName"], execution["MonitoringScheduleName"],
                                  execution["ScheduledTime"].astimezone(datetime.timezone.utc).strftime("%Y/%m/%d/%H"))

    def delete_monitoring_schedule(self):
        """DeleteMonitoringSchedule, then its job definition."""
        client = self.sagemaker_session.sagemaker_client
        client.delete_monitoring_schedule(MonitoringScheduleName=self.monitoring_schedule_name)
        if self.job_definition_name is not None:
            client.delete_data_quality_job_definition(JobDefinitionName=self.job_definition_name)
        self.monitoring_schedule_name = None
        self.job_definition_name = None
