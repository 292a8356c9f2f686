"""The SDK's exceptions (``sagemaker.exceptions``)."""


class UnexpectedStatusException(ValueError):
    """A job or endpoint ended in a status other than the ones waited for."""

    def __init__(self, message, allowed_statuses, actual_status):
        self.allowed_statuses = allowed_statuses
        self.actual_status = actual_status
        super().__init__(message)


class CapacityError(UnexpectedStatusException):
    """The job failed for lack of capacity."""


class AsyncInferenceError(Exception):
    """Asynchronous inference is not part of the Scones subset."""
