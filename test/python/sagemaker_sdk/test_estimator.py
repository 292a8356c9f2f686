"""Estimator and Model: the exact boto3 calls of the classic notebook's train -> deploy flow."""
import unittest
from unittest import mock

from sagemaker import image_uris
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.model import Model
from sagemaker.model_monitor import DataCaptureConfig
from sagemaker.predictor import Predictor
from sagemaker.serializers import IdentitySerializer

from sagemaker_sdk.stubbed import ANY, NOW, ROLE, printed, stubbed_session

IMAGE = "811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1"
OUTPUT = "s3://bucket/models"
JOB = "ic-job"


def channel(name, uri, content_type="application/x-image"):
    return {
        "ChannelName": name,
        "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": uri, "S3DataDistributionType": "FullyReplicated",
        }},
        "ContentType": content_type,
    }


def described_job(status, transitions):
    return {
        "TrainingJobName": JOB,
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:000000000000:training-job/" + JOB,
        "TrainingJobStatus": status,
        "SecondaryStatus": transitions[-1]["Status"],
        "SecondaryStatusTransitions": transitions,
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "ModelArtifacts": {"S3ModelArtifacts": OUTPUT + "/" + JOB + "/output/model.tar.gz"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "CreationTime": NOW,
        "LastModifiedTime": NOW,
        "TrainingStartTime": NOW,
        "TrainingEndTime": NOW.replace(minute=2),
        "TrainingTimeInSeconds": 150,
        "BillableTimeInSeconds": 120,
    }


def arn(kind, name):
    return "arn:aws:sagemaker:us-east-1:000000000000:{}/{}".format(kind, name)


def transition(status, message):
    return {"Status": status, "StartTime": NOW, "StatusMessage": message}


class EstimatorTest(unittest.TestCase):
    def setUp(self):
        self.session, self.stubs = stubbed_session()
        self.estimator = Estimator(
            image_uris.retrieve("image-classification", self.session.boto_region_name),
            ROLE,
            instance_count=1,
            instance_type="ml.m5.xlarge",
            output_path=OUTPUT,
            sagemaker_session=self.session,
        )
        self.estimator.set_hyperparameters(
            image_shape="3,32,32", num_classes=2, num_training_samples=1000, epochs=2, use_pretrained_model=1
        )

    def test_hyperparameters_are_kept_as_given_and_sent_as_strings(self):
        self.estimator.set_hyperparameters(learning_rate=0.001)
        self.assertEqual(self.estimator.hyperparameters()["num_classes"], 2)
        request = self._fit_request()
        self.assertEqual(request["HyperParameters"], {
            "image_shape": "3,32,32", "num_classes": "2", "num_training_samples": "1000", "epochs": "2",
            "use_pretrained_model": "1", "learning_rate": "0.001",
        })

    def _fit_request(self):
        self.estimator._prepare_for_training(job_name=JOB)
        return self.estimator._train_request({"train": "s3://bucket/train"})

    def test_fit_creates_the_job_and_prints_its_transitions_and_log_lines(self):
        inputs = {
            name: TrainingInput("s3://bucket/" + name, content_type="application/x-image")
            for name in ("train", "validation", "train_lst", "validation_lst")
        }
        sm, logs = self.stubs["sagemaker"], self.stubs["logs"]
        sm.add_response("create_training_job", {"TrainingJobArn": arn("training-job", JOB)}, {
            "AlgorithmSpecification": {"TrainingInputMode": "File", "TrainingImage": IMAGE},
            "RoleArn": ROLE,
            "OutputDataConfig": {"S3OutputPath": OUTPUT},
            "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30},
            "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
            "TrainingJobName": JOB,
            "InputDataConfig": [channel(name, "s3://bucket/" + name) for name in inputs],
            "HyperParameters": ANY,
            "DebugHookConfig": {"S3OutputPath": OUTPUT, "CollectionConfigurations": []},
            "ProfilerConfig": {"S3OutputPath": OUTPUT, "DisableProfiler": False},
        })
        starting = [transition("Starting", "Launching requested ML instances")]
        done = starting + [transition("Training", "Training image download completed."),
                           transition("Completed", "Training job completed")]
        sm.add_response("describe_training_job", described_job("InProgress", starting), {"TrainingJobName": JOB})
        streams = {"logGroupName": "/aws/sagemaker/TrainingJobs", "logStreamNamePrefix": JOB + "/",
                   "orderBy": "LogStreamName", "limit": 1}
        logs.add_client_error("describe_log_streams", "ResourceNotFoundException", expected_params=streams)
        sm.add_response("describe_training_job", described_job("Completed", done), {"TrainingJobName": JOB})
        stream = JOB + "/algo-1-1700000000"
        logs.add_response("describe_log_streams", {"logStreams": [{"logStreamName": stream}]}, streams)
        events = {"logGroupName": "/aws/sagemaker/TrainingJobs", "logStreamName": stream, "startTime": 0,
                  "startFromHead": True}
        logs.add_response("get_log_events", {"events": [
            {"timestamp": 1, "message": "[12/08] Epoch[0] Train-accuracy=0.61"},
            {"timestamp": 2, "message": "[12/08] Epoch[0] Validation-accuracy=0.70"},
        ], "nextForwardToken": "f/2"}, events)
        logs.add_response("get_log_events", {"events": [], "nextForwardToken": "f/2"},
                          dict(events, nextToken="f/2"))
        with mock.patch("time.sleep"), printed() as out:
            self.estimator.fit(inputs, job_name=JOB)
        sm.assert_no_pending_responses()
        logs.assert_no_pending_responses()
        self.assertEqual(out.getvalue().splitlines(), [
            "2026-12-08 00:00:00 Starting - Launching requested ML instances",
            "2026-12-08 00:00:00 Training - Training image download completed.",
            "2026-12-08 00:00:00 Completed - Training job completed",
            "[12/08] Epoch[0] Train-accuracy=0.61",
            "[12/08] Epoch[0] Validation-accuracy=0.70",
            "Training seconds: 150",
            "Billable seconds: 120",
        ])
        self.assertEqual(self.estimator.latest_training_job.name, JOB)

    def test_a_failed_job_raises_with_its_reason(self):
        from sagemaker.exceptions import UnexpectedStatusException

        failed = dict(described_job("Failed", [transition("Failed", "oops")]), FailureReason="num_classes")
        sm = self.stubs["sagemaker"]
        sm.add_response("create_training_job", {"TrainingJobArn": arn("training-job", JOB)}, None)
        sm.add_response("describe_training_job", failed, {"TrainingJobName": JOB})
        sm.add_response("describe_training_job", failed, {"TrainingJobName": JOB})
        with printed(), self.assertRaisesRegex(
            UnexpectedStatusException, "Error for Training job ic-job: Failed. Reason: num_classes"
        ):
            self.estimator.fit("s3://bucket/train", job_name=JOB, logs="None")

    def test_deploy_with_data_capture_returns_a_predictor(self):
        sm = self.stubs["sagemaker"]
        sm.add_response("create_training_job", {"TrainingJobArn": arn("training-job", JOB)}, None)
        self.estimator.fit("s3://bucket/train", job_name=JOB, wait=False)
        artifact = OUTPUT + "/" + JOB + "/output/model.tar.gz"
        sm.add_response("describe_training_job", described_job("Completed", [transition("Completed", "")]),
                        {"TrainingJobName": JOB})
        sm.add_response("create_model", {"ModelArn": arn("model", "m")}, {
            "ModelName": "bikes-model", "ExecutionRoleArn": ROLE,
            "PrimaryContainer": {"Image": IMAGE, "Environment": {}, "ModelDataUrl": artifact},
        })
        capture = DataCaptureConfig(enable_capture=True, sampling_percentage=100,
                                    destination_s3_uri="s3://bucket/capture")
        sm.add_response("create_endpoint_config", {"EndpointConfigArn": arn("endpoint-config", "c")}, {
            "EndpointConfigName": "bikes",
            "ProductionVariants": [{"ModelName": "bikes-model", "VariantName": "AllTraffic",
                                    "InitialVariantWeight": 1, "InstanceType": "ml.m5.xlarge",
                                    "InitialInstanceCount": 1}],
            "DataCaptureConfig": {"EnableCapture": True, "InitialSamplingPercentage": 100,
                                  "DestinationS3Uri": "s3://bucket/capture",
                                  "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]},
        })
        sm.add_response("create_endpoint", {"EndpointArn": arn("endpoint", "e")},
                        {"EndpointName": "bikes", "EndpointConfigName": "bikes"})
        sm.add_response("describe_endpoint", {
            "EndpointName": "bikes", "EndpointArn": arn("endpoint", "bikes"), "EndpointConfigName": "bikes",
            "EndpointStatus": "InService", "CreationTime": NOW, "LastModifiedTime": NOW,
        }, {"EndpointName": "bikes"})
        with printed() as out:
            predictor = self.estimator.deploy(1, "ml.m5.xlarge", endpoint_name="bikes", model_name="bikes-model",
                                              data_capture_config=capture)
        sm.assert_no_pending_responses()
        self.assertEqual(out.getvalue(), "!\n")
        self.assertIsInstance(predictor, Predictor)
        self.assertEqual(predictor.endpoint_name, "bikes")

    def test_model_deploy_without_predictor_cls_returns_none_and_names_from_the_image(self):
        sm = self.stubs["sagemaker"]
        sm.add_response("create_model", {"ModelArn": arn("model", "m")}, {
            "ModelName": ANY, "ExecutionRoleArn": ROLE,
            "PrimaryContainer": {"Image": IMAGE, "Environment": {}, "ModelDataUrl": "s3://b/m.tar.gz"},
        })
        sm.add_response("create_endpoint_config", {"EndpointConfigArn": arn("endpoint-config", "c")},
                        {"EndpointConfigName": ANY, "ProductionVariants": ANY})
        sm.add_response("create_endpoint", {"EndpointArn": arn("endpoint", "e")}, {"EndpointName": ANY, "EndpointConfigName": ANY})
        model = Model(IMAGE, "s3://b/m.tar.gz", ROLE, sagemaker_session=self.session)
        self.assertIsNone(model.deploy(1, "ml.m5.xlarge", wait=False))
        self.assertRegex(model.name, r"^image-classification-\d{4}(-\d{2}){5}-\d{3}$")
        self.assertRegex(model.endpoint_name, r"^image-classification-")
        with self.assertRaisesRegex(ValueError, "Must specify instance type and instance count"):
            Model(IMAGE, "s3://b/m.tar.gz", ROLE, sagemaker_session=self.session).deploy()


class PredictorTest(unittest.TestCase):
    def test_predict_sends_png_bytes_and_returns_the_body(self):
        session, stubs = stubbed_session()
        import io

        from botocore.response import StreamingBody

        body = b"[0.1, 0.9]"
        stubs["runtime"].add_response(
            "invoke_endpoint",
            {"Body": StreamingBody(io.BytesIO(body), len(body)), "ContentType": "application/json"},
            {"EndpointName": "bikes", "ContentType": "image/png", "Accept": "*/*", "Body": b"\x89PNG"},
        )
        predictor = Predictor("bikes", sagemaker_session=session)
        predictor.serializer = IdentitySerializer("image/png")
        self.assertEqual(predictor.predict(b"\x89PNG"), body)
        stubs["runtime"].assert_no_pending_responses()


if __name__ == "__main__":
    unittest.main()
