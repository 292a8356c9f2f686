"""``sagemaker.image_uris.retrieve``: the ECR image URI of a built-in algorithm, per region, as the SDK has them."""
import logging

LOGGER = logging.getLogger("sagemaker")

# The SDK's image_uri_config: the algorithm's repository and the registry account of each region.
_CONFIG = {
    "image-classification": {
        "scope": ["inference", "training"],
        "versions": {"1": "image-classification"},
        "registries": {
            "ap-east-1": "286214385809",
            "ap-northeast-1": "501404015308",
            "ap-northeast-2": "306986355934",
            "ap-south-1": "991648021394",
            "ap-southeast-1": "475088953585",
            "ap-southeast-2": "544295431143",
            "ca-central-1": "469771592824",
            "cn-north-1": "390948362332",
            "cn-northwest-1": "387376663083",
            "eu-central-1": "813361260812",
            "eu-north-1": "669576153137",
            "eu-west-1": "685385470294",
            "eu-west-2": "644912444149",
            "eu-west-3": "749696950732",
            "me-south-1": "249704162688",
            "sa-east-1": "855470959533",
            "us-east-1": "811284229777",
            "us-east-2": "825641698319",
            "us-gov-west-1": "226302683700",
            "us-iso-east-1": "490574956308",
            "us-west-1": "632365934929",
            "us-west-2": "433757028032",
        },
        "tag": True,
    },
    "model-monitor": {
        "scope": ["monitoring"],
        "versions": {"1": "sagemaker-model-monitor-analyzer"},
        "registries": {
            "ap-east-1": "001633400207",
            "ap-northeast-1": "574779866223",
            "ap-northeast-2": "709848358524",
            "ap-south-1": "126357580389",
            "ap-southeast-1": "245545462676",
            "ap-southeast-2": "563025443158",
            "ca-central-1": "536280801234",
            "cn-north-1": "453000072557",
            "cn-northwest-1": "453252182341",
            "eu-central-1": "048819808253",
            "eu-north-1": "895015795356",
            "eu-west-1": "468650794304",
            "eu-west-2": "749857270468",
            "eu-west-3": "680080141114",
            "me-south-1": "607024016150",
            "sa-east-1": "539772159869",
            "us-east-1": "156813124566",
            "us-east-2": "777275614652",
            "us-west-1": "890145073186",
            "us-west-2": "159807026194",
        },
        # The analyzer's URI carries no tag.
        "tag": False,
    },
}


def _domain(region):
    if region.startswith("cn-"):
        return "amazonaws.com.cn"
    if region.startswith("us-iso-"):
        return "c2s.ic.gov"
    if region.startswith("us-isob-"):
        return "sc2s.sgov.gov"
    return "amazonaws.com"


def _validate_arg(arg, available_options, arg_name):
    if arg is None or arg not in available_options:
        raise ValueError(
            "Unsupported {arg_name}: {arg}. You may need to upgrade your SDK version "
            "(pip install -U sagemaker) for newer {arg_name}s. Supported {arg_name}(s): "
            "{options}.".format(arg_name=arg_name, arg=arg, options=", ".join(available_options))
        )


def config_for_framework(framework):
    """The configuration of ``framework``; ValueError for one the Scones subset does not know."""
    if framework not in _CONFIG:
        raise ValueError(
            "Unsupported framework: {}. Supported framework(s) for image URIs: {}.".format(
                framework, ", ".join(sorted(_CONFIG))
            )
        )
    return _CONFIG[framework]


def retrieve(
    framework,
    region=None,
    version=None,
    py_version=None,
    instance_type=None,
    accelerator_type=None,
    image_scope=None,
    container_version=None,
    distribution=None,
    base_framework_version=None,
    training_compiler_config=None,
    model_id=None,
    model_version=None,
    hub_arn=None,
    tolerate_vulnerable_model=False,
    tolerate_deprecated_model=False,
    sdk_version=None,
    inference_tool=None,
    serverless_inference_config=None,
    sagemaker_session=None,
    config_name=None,
    model_type=None,
):
    """``{account}.dkr.ecr.{region}.amazonaws.com/image-classification:1`` and the like.

    An algorithm with one version ignores ``version`` (``"latest"`` included) with a warning, as the SDK does.
    """
    config = config_for_framework(framework)
    if region is None:
        region = _session_region(sagemaker_session)
    available = list(config["versions"])
    if len(available) == 1:
        if version and version != available[0]:
            LOGGER.warning(
                "Defaulting to the only supported framework/algorithm version: %s. Ignoring "
                "framework/algorithm version: %s.",
                available[0],
                version,
            )
        version = available[0]
    _validate_arg(version, available, "{} version".format(framework))
    if image_scope is not None and image_scope not in config["scope"] and len(config["scope"]) > 1:
        _validate_arg(image_scope, config["scope"], "image scope")
    _validate_arg(region, list(config["registries"]), "region")
    uri = "{}.dkr.ecr.{}.{}/{}".format(
        config["registries"][region], region, _domain(region), config["versions"][version]
    )
    return "{}:{}".format(uri, version) if config["tag"] else uri


def _session_region(sagemaker_session):
    if sagemaker_session is not None:
        return sagemaker_session.boto_region_name
    import boto3

    region = boto3.Session().region_name
    if region is None:
        raise ValueError("Must setup local AWS configuration with a region supported by SageMaker.")
    return region
