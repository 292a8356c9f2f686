"""The import lines of real handlers and the classic notebook work, and the package needs only boto3."""
import ast
import os
import sys
import unittest

SDK = os.path.join(os.path.dirname(__file__), "..", "..", "..", "sdk", "python", "sagemaker")


class ImportsTest(unittest.TestCase):
    def test_the_classic_imports(self):
        import sagemaker
        from sagemaker import get_execution_role, image_uris  # noqa: F401
        from sagemaker.debugger import CollectionConfig, DebuggerHookConfig, ProfilerRule, Rule, rule_configs  # noqa: F401
        from sagemaker.deserializers import BytesDeserializer, CSVDeserializer, JSONDeserializer  # noqa: F401
        from sagemaker.estimator import Estimator  # noqa: F401
        from sagemaker.inputs import TrainingInput  # noqa: F401
        from sagemaker.model import Model  # noqa: F401
        from sagemaker.model_monitor import CronExpressionGenerator, DataCaptureConfig, DefaultModelMonitor  # noqa: F401
        from sagemaker.predictor import Predictor  # noqa: F401
        from sagemaker.s3 import S3Downloader, S3Uploader  # noqa: F401
        from sagemaker.serializers import CSVSerializer, IdentitySerializer, JSONSerializer  # noqa: F401

        self.assertIs(sagemaker.Session, sagemaker.session.Session)
        self.assertTrue(callable(rule_configs.loss_not_decreasing))
        rule = Rule.sagemaker(rule_configs.vanishing_gradient())
        self.assertEqual(rule.to_debugger_rule_config_dict()["RuleParameters"],
                         {"rule_to_invoke": "VanishingGradient"})

    def test_only_the_standard_library_and_boto3(self):
        allowed = set(sys.stdlib_module_names) | {"boto3", "botocore", "sagemaker"}
        for folder, _, files in os.walk(SDK):
            for name in files:
                if not name.endswith(".py"):
                    continue
                with open(os.path.join(folder, name)) as source:
                    tree = ast.parse(source.read())
                for node in ast.walk(tree):
                    if isinstance(node, ast.Import):
                        roots = [alias.name.split(".")[0] for alias in node.names]
                    elif isinstance(node, ast.ImportFrom) and node.level == 0:
                        roots = [node.module.split(".")[0]]
                    else:
                        continue
                    for root in roots:
                        self.assertIn(root, allowed, "{} imports {}".format(name, root))


if __name__ == "__main__":
    unittest.main()
