"""``sagemaker.debugger.rule_configs``: the built-in rules' base configurations, by the SDK's names.

Scones runs no debugger rules; notebooks import these (and pass them to ``Estimator(rules=...)``), so they exist
and shape the request as the SDK does.
"""

_RULES = [
    "vanishing_gradient", "similar_across_runs", "weight_update_ratio", "all_zero", "exploding_tensor",
    "unchanged_tensor", "loss_not_decreasing", "check_input_images", "dead_relu", "confusion",
    "class_imbalance", "overfit", "tree_depth", "tensor_variance", "overtraining",
    "poor_weight_initialization", "saturated_activation", "nlp_sequence_ratio", "stalled_training_rule",
    "feature_importance_overweight", "create_xgboost_report",
]
_PROFILER_RULES = [
    "ProfilerReport", "BatchSize", "CPUBottleneck", "Dataloader", "GPUMemoryIncrease", "IOBottleneck",
    "LoadBalancing", "LowGPUUtilization", "MaxInitializationTime", "OverallFrameworkMetrics",
    "OverallSystemUsage", "StepOutlier",
]


def _camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


def _base_config(rule_name):
    def config():
        return {
            "DebugRuleConfiguration": {
                "RuleConfigurationName": rule_name,
                "RuleParameters": {"rule_to_invoke": rule_name},
            }
        }

    config.__name__ = rule_name
    return config


for _name in _RULES:
    globals()[_name] = _base_config(_camel(_name))


class _ProfilerRuleConfig(object):
    def __init__(self, **rule_parameters):
        self.rule_name = type(self).__name__
        self.rule_parameters = {"rule_to_invoke": self.rule_name}
        self.rule_parameters.update({k: str(v) for k, v in rule_parameters.items()})


for _name in _PROFILER_RULES:
    globals()[_name] = type(_name, (_ProfilerRuleConfig,), {})


class Action(object):
    def __init__(self, **kwargs):
        self.parameters = kwargs


class StopTraining(Action):
    pass


class Email(Action):
    def __init__(self, email_address):
        super(Email, self).__init__(email=email_address)


class SMS(Action):
    def __init__(self, phone_number):
        super(SMS, self).__init__(sms=phone_number)


class ActionList(object):
    def __init__(self, *actions):
        self.actions = list(actions)


__all__ = _RULES + _PROFILER_RULES + ["Action", "ActionList", "StopTraining", "Email", "SMS"]
