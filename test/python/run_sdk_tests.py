"""Runs the SageMaker SDK subset's unit tests (test/python/sagemaker_sdk) against sdk/python; exit 1 on failure."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "sdk", "python"))
sys.path.insert(0, HERE)

suite = unittest.defaultTestLoader.discover(os.path.join(HERE, "sagemaker_sdk"), top_level_dir=HERE)
result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
print("RAN {} FAILED {} ERRORS {}".format(result.testsRun, len(result.failures), len(result.errors)))
sys.exit(0 if result.wasSuccessful() else 1)
