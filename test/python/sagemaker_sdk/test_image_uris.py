"""image_uris.retrieve: the registries and URI shapes of the SDK's image_uri_config."""
import unittest

from sagemaker import image_uris


class RetrieveTest(unittest.TestCase):
    def test_image_classification_per_region(self):
        self.assertEqual(
            image_uris.retrieve("image-classification", "us-east-1"),
            "811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1",
        )
        self.assertEqual(
            image_uris.retrieve(framework="image-classification", region="eu-west-1"),
            "685385470294.dkr.ecr.eu-west-1.amazonaws.com/image-classification:1",
        )
        self.assertEqual(
            image_uris.retrieve("image-classification", "cn-north-1"),
            "390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/image-classification:1",
        )

    def test_the_only_version_wins_over_latest_with_a_warning(self):
        with self.assertLogs("sagemaker", level="WARNING") as logs:
            uri = image_uris.retrieve("image-classification", "us-west-2", "latest")
        self.assertEqual(uri, "433757028032.dkr.ecr.us-west-2.amazonaws.com/image-classification:1")
        self.assertIn("Ignoring framework/algorithm version: latest", logs.output[0])

    def test_model_monitor_has_no_tag(self):
        self.assertEqual(
            image_uris.retrieve("model-monitor", "us-east-1"),
            "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer",
        )

    def test_unknown_region_and_framework(self):
        with self.assertRaisesRegex(ValueError, "Unsupported region: mars-1"):
            image_uris.retrieve("image-classification", "mars-1")
        with self.assertRaisesRegex(ValueError, "Unsupported framework: xgboost"):
            image_uris.retrieve("xgboost", "us-east-1", "1.5-1")


if __name__ == "__main__":
    unittest.main()
