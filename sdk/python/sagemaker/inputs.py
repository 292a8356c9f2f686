"""``sagemaker.inputs``: training channels as CreateTrainingJob's ``InputDataConfig`` entries."""


class TrainingInput(object):
    """One channel: ``config`` is the Channel without its name."""

    def __init__(
        self,
        s3_data,
        distribution=None,
        compression=None,
        content_type=None,
        record_wrapping=None,
        s3_data_type="S3Prefix",
        instance_groups=None,
        input_mode=None,
        attribute_names=None,
        target_attribute_name=None,
        shuffle_config=None,
        hub_access_config=None,
        model_access_config=None,
    ):
        self.config = {"DataSource": {"S3DataSource": {"S3DataType": s3_data_type, "S3Uri": s3_data}}}
        source = self.config["DataSource"]["S3DataSource"]
        if not (target_attribute_name or distribution):
            distribution = "FullyReplicated"
        if distribution is not None:
            source["S3DataDistributionType"] = distribution
        if compression is not None:
            self.config["CompressionType"] = compression
        if content_type is not None:
            self.config["ContentType"] = content_type
        if record_wrapping is not None:
            self.config["RecordWrapperType"] = record_wrapping
        if input_mode is not None:
            self.config["InputMode"] = input_mode
        if attribute_names is not None:
            source["AttributeNames"] = attribute_names
        if instance_groups is not None:
            source["InstanceGroupNames"] = instance_groups
        if target_attribute_name is not None:
            self.config["TargetAttributeName"] = target_attribute_name
        if shuffle_config is not None:
            self.config["ShuffleConfig"] = {"Seed": shuffle_config.seed}


class ShuffleConfig(object):
    def __init__(self, seed):
        self.seed = seed


def channel_from(name, data):
    """The InputDataConfig entry of one ``fit`` input: a TrainingInput, or an S3 URI string."""
    if isinstance(data, TrainingInput):
        return dict({"ChannelName": name}, **data.config)
    if isinstance(data, str) and data.startswith("s3://"):
        return dict({"ChannelName": name}, **TrainingInput(data).config)
    raise ValueError(
        "Cannot format input {}. Expecting a string or a TrainingInput object.".format(data)
    )
