"""Session's identity: the SDK's rules where STS answers, Scones's single account where it does not."""
import os
import unittest
from unittest import mock

from botocore.stub import Stubber

from sagemaker.session import get_execution_role

from sagemaker_sdk.stubbed import stubbed_session


def with_identity(arn=None):
    session, stubs = stubbed_session()
    sts = Stubber(session._sts())
    if arn is None:
        sts.add_client_error("get_caller_identity", "InvalidAction", http_status_code=404)
    else:
        sts.add_response("get_caller_identity", {"UserId": "AIDEXAMPLE", "Account": arn.split(":")[4], "Arn": arn})
    sts.activate()
    return session, stubs


class IdentityTest(unittest.TestCase):
    def test_an_assumed_role_becomes_its_roles_arn(self):
        session, _ = with_identity("arn:aws:sts::111122223333:assumed-role/SageMakerRole/SageMaker")
        self.assertEqual(get_execution_role(session), "arn:aws:iam::111122223333:role/SageMakerRole")
        self.assertEqual(session.account_id(), "111122223333")

    def test_a_user_is_no_execution_role(self):
        session, _ = with_identity("arn:aws:iam::111122223333:user/alice")
        with self.assertRaisesRegex(ValueError, "The current AWS identity is not a role: arn:aws:iam::111122223333:user/alice"):
            get_execution_role(session)

    def test_without_sts_the_scones_account_and_role(self):
        session, _ = with_identity(None)
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("SAGEMAKER_ROLE_ARN", None)
            os.environ.pop("SCONES_ACCOUNT_ID", None)
            self.assertEqual(get_execution_role(session), "arn:aws:iam::000000000000:role/SageMakerRole")
            self.assertEqual(session.account_id(), "000000000000")

    def test_the_default_bucket_is_created_once(self):
        session, stubs = with_identity("arn:aws:sts::111122223333:assumed-role/R/s")
        bucket = "sagemaker-us-east-1-111122223333"
        stubs["s3"].add_client_error("head_bucket", "404", http_status_code=404, expected_params={"Bucket": bucket})
        stubs["s3"].add_response("create_bucket", {}, {"Bucket": bucket})
        self.assertEqual(session.default_bucket(), bucket)
        self.assertEqual(session.default_bucket(), bucket)
        stubs["s3"].assert_no_pending_responses()


if __name__ == "__main__":
    unittest.main()
