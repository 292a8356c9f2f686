"""DataCaptureConfig and DefaultModelMonitor: the requests of the classic notebook's capture and schedule."""
import unittest

import io
import json

from botocore.response import StreamingBody

from sagemaker.model_monitor import (
    Constraints,
    ConstraintViolations,
    CronExpressionGenerator,
    DataCaptureConfig,
    DefaultModelMonitor,
    Statistics,
)

from sagemaker_sdk.stubbed import ANY, NOW, ROLE, printed, stubbed_session

MONITOR_IMAGE = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"


class DataCaptureConfigTest(unittest.TestCase):
    def test_defaults_capture_input_and_output_under_the_default_bucket(self):
        session, stubs = stubbed_session()
        session._default_bucket = "sagemaker-us-east-1-000000000000"
        config = DataCaptureConfig(enable_capture=True, sagemaker_session=session)
        self.assertEqual(config._to_request_dict(), {
            "EnableCapture": True,
            "InitialSamplingPercentage": 20,
            "DestinationS3Uri": "s3://sagemaker-us-east-1-000000000000/model-monitor/data-capture",
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        })

    def test_content_type_headers_and_kms(self):
        config = DataCaptureConfig(True, 50, "s3://b/c", kms_key_id="k", capture_options=["REQUEST"],
                                   json_content_types=["application/json"])
        self.assertEqual(config._to_request_dict(), {
            "EnableCapture": True, "InitialSamplingPercentage": 50, "DestinationS3Uri": "s3://b/c",
            "CaptureOptions": [{"CaptureMode": "Input"}], "KmsKeyId": "k",
            "CaptureContentTypeHeader": {"JsonContentTypes": ["application/json"]},
        })


class CronTest(unittest.TestCase):
    def test_expressions(self):
        self.assertEqual(CronExpressionGenerator.hourly(), "cron(0 * ? * * *)")
        self.assertEqual(CronExpressionGenerator.daily(), "cron(0 0 ? * * *)")
        self.assertEqual(CronExpressionGenerator.daily(5), "cron(0 5 ? * * *)")
        self.assertEqual(CronExpressionGenerator.daily_every_x_hours(6, 1), "cron(0 1/6 ? * * *)")
        self.assertEqual(CronExpressionGenerator.now(), "NOW")


class DefaultModelMonitorTest(unittest.TestCase):
    def test_a_schedule_names_the_job_definition_created_first(self):
        session, stubs = stubbed_session()
        sm = stubs["sagemaker"]
        sm.add_response("create_data_quality_job_definition", {
            "JobDefinitionArn": "arn:aws:sagemaker:us-east-1:000000000000:data-quality-job-definition/d"
        }, {
            "JobDefinitionName": ANY,
            "DataQualityAppSpecification": {"ImageUri": MONITOR_IMAGE},
            "DataQualityBaselineConfig": {
                "ConstraintsResource": {"S3Uri": "s3://b/baseline/constraints.json"},
                "StatisticsResource": {"S3Uri": "s3://b/baseline/statistics.json"},
            },
            "DataQualityJobInput": {"EndpointInput": {
                "EndpointName": "bikes", "LocalPath": "/opt/ml/processing/input/endpoint",
                "S3InputMode": "File", "S3DataDistributionType": "FullyReplicated",
            }},
            "DataQualityJobOutputConfig": {"MonitoringOutputs": [{"S3Output": {
                "S3Uri": "s3://b/reports", "LocalPath": "/opt/ml/processing/output", "S3UploadMode": "Continuous",
            }}]},
            "JobResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge",
                                               "VolumeSizeInGB": 30}},
            "RoleArn": ROLE,
            "StoppingCondition": {"MaxRuntimeInSeconds": 1800},
        })
        sm.add_response("create_monitoring_schedule", {
            "MonitoringScheduleArn": "arn:aws:sagemaker:us-east-1:000000000000:monitoring-schedule/bikes-schedule"
        }, {
            "MonitoringScheduleName": "bikes-schedule",
            "MonitoringScheduleConfig": {
                "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
                "MonitoringJobDefinitionName": ANY,
                "MonitoringType": "DataQuality",
            },
        })
        monitor = DefaultModelMonitor(role=ROLE, max_runtime_in_seconds=1800, sagemaker_session=session)
        monitor.create_monitoring_schedule(
            endpoint_input="bikes",
            output_s3_uri="s3://b/reports",
            statistics="s3://b/baseline/statistics.json",
            constraints="s3://b/baseline/constraints.json",
            monitor_schedule_name="bikes-schedule",
            schedule_cron_expression=CronExpressionGenerator.hourly(),
        )
        sm.assert_no_pending_responses()
        self.assertEqual(monitor.monitoring_schedule_name, "bikes-schedule")
        self.assertRegex(monitor.job_definition_name, r"^sagemaker-model-monitor-analyzer-")

    def test_suggest_baseline_says_why_it_is_not_served(self):
        session, _ = stubbed_session()
        with self.assertRaisesRegex(NotImplementedError, "Processing job.*scones monitor baseline --endpoint"):
            DefaultModelMonitor(role=ROLE, sagemaker_session=session).suggest_baseline("s3://b/d.csv", {})


def _execution(status):
    return {
        "MonitoringScheduleName": "bikes-schedule", "ScheduledTime": NOW, "CreationTime": NOW,
        "LastModifiedTime": NOW, "MonitoringExecutionStatus": status, "EndpointName": "bikes",
        "MonitoringJobDefinitionName": "bikes-definition", "MonitoringType": "DataQuality",
    }


def _definition():
    return {
        "JobDefinitionArn": "arn:aws:sagemaker:us-east-1:000000000000:data-quality-job-definition/bikes-definition",
        "JobDefinitionName": "bikes-definition", "CreationTime": NOW,
        "DataQualityAppSpecification": {"ImageUri": MONITOR_IMAGE},
        "DataQualityJobInput": {"EndpointInput": {"EndpointName": "bikes", "LocalPath": "/opt/ml/processing/input"}},
        "DataQualityJobOutputConfig": {"MonitoringOutputs": [{"S3Output": {
            "S3Uri": "s3://b/reports", "LocalPath": "/opt/ml/processing/output"}}]},
        "JobResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 20}},
        "RoleArn": ROLE,
    }


def _body(document):
    raw = json.dumps(document).encode()
    return {"Body": StreamingBody(io.BytesIO(raw), len(raw))}


class LatestMonitoringFilesTest(unittest.TestCase):
    def _attached(self, stubs):
        sm = stubs["sagemaker"]
        sm.add_response("describe_monitoring_schedule", {
            "MonitoringScheduleArn": "arn:aws:sagemaker:us-east-1:000000000000:monitoring-schedule/bikes-schedule",
            "MonitoringScheduleName": "bikes-schedule", "MonitoringScheduleStatus": "Scheduled",
            "CreationTime": NOW, "LastModifiedTime": NOW,
            "MonitoringScheduleConfig": {"MonitoringJobDefinitionName": "bikes-definition",
                                         "MonitoringType": "DataQuality"},
        }, {"MonitoringScheduleName": "bikes-schedule"})
        sm.add_response("describe_data_quality_job_definition", _definition(),
                        {"JobDefinitionName": "bikes-definition"})

    def test_attach_then_read_the_latest_execution_files_where_model_monitor_writes_them(self):
        session, stubs = stubbed_session()
        self._attached(stubs)
        monitor = DefaultModelMonitor.attach("bikes-schedule", sagemaker_session=session)
        self.assertEqual((monitor.instance_type, monitor.volume_size_in_gb), ("ml.m5.large", 20))
        sm, s3 = stubs["sagemaker"], stubs["s3"]
        listing = {"MonitoringScheduleName": "bikes-schedule", "SortBy": "ScheduledTime", "SortOrder": "Ascending"}
        folder = "reports/bikes/bikes-schedule/2026/12/08/00/"
        for file_name, document in (("statistics.json", {"version": 0.0, "dataset": {"item_count": 3}}),
                                    ("constraint_violations.json", {"violations": []})):
            sm.add_response("list_monitoring_executions",
                            {"MonitoringExecutionSummaries": [_execution("Completed")]}, listing)
            sm.add_response("describe_data_quality_job_definition", _definition(),
                            {"JobDefinitionName": "bikes-definition"})
            s3.add_response("get_object", _body(document), {"Bucket": "b", "Key": folder + file_name})
        statistics = monitor.latest_monitoring_statistics()
        violations = monitor.latest_monitoring_constraint_violations()
        self.assertIsInstance(statistics, Statistics)
        self.assertEqual(statistics.body_dict["dataset"]["item_count"], 3)
        self.assertEqual(statistics.file_s3_uri, "s3://b/" + folder + "statistics.json")
        self.assertIsInstance(violations, ConstraintViolations)
        self.assertEqual(violations.body_dict, {"violations": []})

    def test_baseline_files_are_the_ones_the_job_definition_names(self):
        session, stubs = stubbed_session()
        self._attached(stubs)
        monitor = DefaultModelMonitor.attach("bikes-schedule", sagemaker_session=session)
        sm, s3 = stubs["sagemaker"], stubs["s3"]
        baseline = {"StatisticsResource": {"S3Uri": "s3://b/reports/bikes/baseline/statistics.json"},
                    "ConstraintsResource": {"S3Uri": "s3://b/reports/bikes/baseline/constraints.json"}}
        for file_name, document in (("statistics.json", {"version": 0.0, "dataset": {"item_count": 3}}),
                                    ("constraints.json", {"version": 0.0, "features": []})):
            sm.add_response("describe_data_quality_job_definition",
                            dict(_definition(), DataQualityBaselineConfig=baseline),
                            {"JobDefinitionName": "bikes-definition"})
            s3.add_response("get_object", _body(document), {"Bucket": "b", "Key": "reports/bikes/baseline/" + file_name})
        statistics = monitor.baseline_statistics()
        constraints = monitor.suggested_constraints()
        self.assertIsInstance(statistics, Statistics)
        self.assertEqual(statistics.file_s3_uri, "s3://b/reports/bikes/baseline/statistics.json")
        self.assertIsInstance(constraints, Constraints)
        self.assertEqual(constraints.body_dict, {"version": 0.0, "features": []})
        sm.add_response("describe_data_quality_job_definition", _definition(),
                        {"JobDefinitionName": "bikes-definition"})
        with self.assertRaisesRegex(ValueError, "scones monitor baseline --endpoint bikes"):
            monitor.baseline_statistics()

    def test_none_with_the_sdk_message_when_no_execution_completed(self):
        session, stubs = stubbed_session()
        self._attached(stubs)
        monitor = DefaultModelMonitor.attach("bikes-schedule", sagemaker_session=session)
        listing = {"MonitoringScheduleName": "bikes-schedule", "SortBy": "ScheduledTime", "SortOrder": "Ascending"}
        stubs["sagemaker"].add_response("list_monitoring_executions", {"MonitoringExecutionSummaries": []}, listing)
        stubs["sagemaker"].add_response("list_monitoring_executions",
                                        {"MonitoringExecutionSummaries": [_execution("Failed")]}, listing)
        with printed() as out:
            self.assertIsNone(monitor.latest_monitoring_statistics())
            self.assertIsNone(monitor.latest_monitoring_constraint_violations())
        self.assertIn("No executions found for schedule", out.getvalue())
        self.assertIn("job is in status 'Failed'", out.getvalue())


if __name__ == "__main__":
    unittest.main()
