"""``sagemaker.debugger``: the names notebooks import (rules, hook and profiler configs).

Scones trains without SageMaker Debugger: the objects exist so imports and ``Estimator(rules=...)`` work, and
shape the same request fields as the SDK.
"""
from sagemaker.debugger import rule_configs  # noqa: F401

# The rule evaluator image is only known here for us-east-1 (the region Scones names by default).
_RULE_IMAGE_REGISTRIES = {"us-east-1": "503895931360"}


def get_rule_container_image_uri(region):
    if region not in _RULE_IMAGE_REGISTRIES:
        raise ValueError("Scones knows the debugger rule image of: {}".format(", ".join(_RULE_IMAGE_REGISTRIES)))
    return "{}.dkr.ecr.{}.amazonaws.com/sagemaker-debugger-rules:latest".format(
        _RULE_IMAGE_REGISTRIES[region], region
    )


class CollectionConfig(object):
    def __init__(self, name, parameters=None):
        self.name = name
        self.parameters = parameters

    def _to_request_dict(self):
        request = {"CollectionName": self.name}
        if self.parameters is not None:
            request["CollectionParameters"] = self.parameters
        return request


class DebuggerHookConfig(object):
    def __init__(self, s3_output_path=None, container_local_output_path=None, hook_parameters=None,
                 collection_configs=None):
        self.s3_output_path = s3_output_path
        self.container_local_output_path = container_local_output_path
        self.hook_parameters = hook_parameters
        self.collection_configs = collection_configs

    def _to_request_dict(self):
        request = {"S3OutputPath": self.s3_output_path}
        if self.container_local_output_path is not None:
            request["LocalPath"] = self.container_local_output_path
        if self.hook_parameters is not None:
            request["HookParameters"] = self.hook_parameters
        request["CollectionConfigurations"] = [c._to_request_dict() for c in self.collection_configs or []]
        return request


class TensorBoardOutputConfig(object):
    def __init__(self, s3_output_path, container_local_output_path=None):
        self.s3_output_path = s3_output_path
        self.container_local_output_path = container_local_output_path


class FrameworkProfile(object):
    def __init__(self, **kwargs):
        self.parameters = kwargs


class ProfilerConfig(object):
    def __init__(self, s3_output_path=None, system_monitor_interval_millis=None, framework_profile_params=None,
                 disable_profiler=False, **kwargs):
        self.s3_output_path = s3_output_path
        self.system_monitor_interval_millis = system_monitor_interval_millis
        self.framework_profile_params = framework_profile_params
        self.disable_profiler = disable_profiler


class _RuleBase(object):
    def __init__(self, name, image_uri, rule_parameters=None, collections_to_save=None, actions=None,
                 container_local_output_path=None, s3_output_path=None, instance_type=None,
                 volume_size_in_gb=None):
        self.name = name
        self.image_uri = image_uri
        self.rule_parameters = dict(rule_parameters or {})
        self.collection_configs = collections_to_save or []
        self.actions = actions
        self.instance_type = instance_type
        self.volume_size_in_gb = volume_size_in_gb

    def to_debugger_rule_config_dict(self, region="us-east-1"):
        image = self.image_uri
        if image == "DEFAULT_RULE_EVALUATOR_IMAGE":
            image = get_rule_container_image_uri(region)
        request = {"RuleConfigurationName": self.name, "RuleEvaluatorImage": image}
        if self.instance_type is not None:
            request["InstanceType"] = self.instance_type
        if self.volume_size_in_gb is not None:
            request["VolumeSizeInGB"] = self.volume_size_in_gb
        if self.rule_parameters:
            request["RuleParameters"] = {k: str(v) for k, v in self.rule_parameters.items()}
        return request


class Rule(_RuleBase):
    """A debugger rule: ``Rule.sagemaker(rule_configs.loss_not_decreasing())``."""

    @classmethod
    def sagemaker(cls, base_config, name=None, container_local_output_path=None, s3_output_path=None,
                  other_trials_s3_input_paths=None, rule_parameters=None, collections_to_save=None,
                  actions=None):
        config = base_config["DebugRuleConfiguration"]
        parameters = dict(config.get("RuleParameters", {}))
        parameters.update(rule_parameters or {})
        return cls(name=name or config["RuleConfigurationName"], image_uri="DEFAULT_RULE_EVALUATOR_IMAGE",
                   rule_parameters=parameters, collections_to_save=collections_to_save, actions=actions)

    @classmethod
    def custom(cls, name, image_uri, instance_type, volume_size_in_gb, source=None, rule_to_invoke=None,
               container_local_output_path=None, s3_output_path=None, other_trials_s3_input_paths=None,
               rule_parameters=None, collections_to_save=None, actions=None):
        parameters = dict(rule_parameters or {})
        if rule_to_invoke is not None:
            parameters["rule_to_invoke"] = rule_to_invoke
        return cls(name=name, image_uri=image_uri, rule_parameters=parameters, instance_type=instance_type,
                   volume_size_in_gb=volume_size_in_gb, collections_to_save=collections_to_save)


class ProfilerRule(_RuleBase):
    """A profiler rule: ``ProfilerRule.sagemaker(rule_configs.ProfilerReport())``."""

    @classmethod
    def sagemaker(cls, base_config, name=None, container_local_output_path=None, s3_output_path=None):
        return cls(name=name or base_config.rule_name, image_uri="DEFAULT_RULE_EVALUATOR_IMAGE",
                   rule_parameters=base_config.rule_parameters)
