"""Names and timestamps as the SageMaker SDK makes them (``sagemaker.utils``)."""
import time

# SageMaker resource names: at most 63 characters.
MAX_NAME_LENGTH = 63


def sagemaker_timestamp():
    """``2024-01-31-12-00-00-123``: UTC with milliseconds, the suffix of generated job and model names."""
    moment = time.time()
    moment_ms = repr(moment).split(".")[1][:3].ljust(3, "0")
    return time.strftime("%Y-%m-%d-%H-%M-%S-{}".format(moment_ms), time.gmtime(moment))


def sagemaker_short_timestamp():
    """``240131-1200``: the short suffix."""
    return time.strftime("%y%m%d-%H%M")


def name_from_base(base, max_length=MAX_NAME_LENGTH, short=False):
    """``base`` and a timestamp, the base cut so the whole fits in ``max_length``."""
    timestamp = sagemaker_short_timestamp() if short else sagemaker_timestamp()
    trimmed_base = base[: max_length - len(timestamp) - 1]
    return "{}-{}".format(trimmed_base, timestamp)


def base_name_from_image(image, default_base_name=None):
    """The repository of an image URI without registry or tag (``image-classification``)."""
    if not image:
        return default_base_name or "base-name"
    repository = image.rsplit("/", 1)[-1]
    return repository.split("@", 1)[0].split(":", 1)[0] or (default_base_name or "base-name")


def name_from_image(image, max_length=MAX_NAME_LENGTH):
    """A unique name from an image URI's repository."""
    return name_from_base(base_name_from_image(image), max_length=max_length)


def base_from_name(name):
    """The base of a name ``name_from_base`` made (the timestamp removed)."""
    parts = name.split("-")
    if len(parts) > 7 and all(part.isdigit() for part in parts[-7:]):
        return "-".join(parts[:-7])
    return name


def s3_path_join(*args, with_end_slash=False):
    """Joins S3 path parts with single slashes, keeping a leading ``s3://``."""
    parts = [str(arg) for arg in args if arg is not None and str(arg) != ""]
    prefix = ""
    if parts and parts[0].startswith("s3://"):
        prefix = "s3://"
        parts[0] = parts[0][len(prefix):]
    joined = prefix + "/".join(seg for part in parts for seg in part.split("/") if seg)
    if with_end_slash and not joined.endswith("/"):
        joined += "/"
    return joined
