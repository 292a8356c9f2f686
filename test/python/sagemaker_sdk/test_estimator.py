"""Estimator and Model where the end-to-end notebook test (test/e2e/sagemaker/notebook-flow.test.ts, the real flow
against a real server) does not reach: request shapes, a failed job, Model.deploy without a predictor class."""
import unittest

from sagemaker import image_uris
from sagemaker.estimator import Estimator
from sagemaker.model import Model

from sagemaker_sdk.stubbed import ANY, NOW, ROLE, printed, stubbed_session

IMAGE = "811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1"
OUTPUT = "s3://bucket/models"
JOB = "ic-job"


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


if __name__ == "__main__":
    unittest.main()
