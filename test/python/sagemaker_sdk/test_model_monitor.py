"""DataCaptureConfig and DefaultModelMonitor: the requests of the classic notebook's capture and schedule."""
import unittest

from sagemaker.model_monitor import CronExpressionGenerator, DataCaptureConfig, DefaultModelMonitor

from sagemaker_sdk.stubbed import ANY, ROLE, stubbed_session

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
        with self.assertRaisesRegex(NotImplementedError, "Processing job"):
            DefaultModelMonitor(role=ROLE, sagemaker_session=session).suggest_baseline("s3://b/d.csv", {})


if __name__ == "__main__":
    unittest.main()
