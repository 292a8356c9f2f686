"""Response body deserializers (``sagemaker.deserializers``): read the endpoint's answer stream."""
import abc
import codecs
import csv
import json


class BaseDeserializer(abc.ABC):
    """Abstract: ``deserialize(stream, content_type)`` and the ``ACCEPT`` types it asks for."""

    @abc.abstractmethod
    def deserialize(self, stream, content_type):
        """The value read from ``stream`` (a botocore StreamingBody); closes it."""

    @property
    @abc.abstractmethod
    def ACCEPT(self):
        """The MIME types accepted, a tuple."""


class SimpleBaseDeserializer(BaseDeserializer):
    """A deserializer with fixed accepted types."""

    def __init__(self, accept="*/*"):
        self.accept = accept

    @property
    def ACCEPT(self):
        return (self.accept,) if isinstance(self.accept, str) else self.accept


class BytesDeserializer(SimpleBaseDeserializer):
    """The body's bytes."""

    def deserialize(self, stream, content_type):
        try:
            return stream.read()
        finally:
            stream.close()


class StringDeserializer(SimpleBaseDeserializer):
    """The body decoded as text."""

    def __init__(self, encoding="UTF-8", accept="application/json"):
        super(StringDeserializer, self).__init__(accept=accept)
        self.encoding = encoding

    def deserialize(self, stream, content_type):
        try:
            return stream.read().decode(self.encoding)
        finally:
            stream.close()


class JSONDeserializer(SimpleBaseDeserializer):
    """The body parsed as JSON (UTF-8)."""

    def __init__(self, accept="application/json"):
        super(JSONDeserializer, self).__init__(accept=accept)

    def deserialize(self, stream, content_type):
        try:
            return json.load(codecs.getreader("utf-8")(stream))
        finally:
            stream.close()


class CSVDeserializer(SimpleBaseDeserializer):
    """The body parsed as CSV: a list of rows, each a list of strings."""

    def __init__(self, encoding="utf-8", accept="text/csv"):
        super(CSVDeserializer, self).__init__(accept=accept)
        self.encoding = encoding

    def deserialize(self, stream, content_type):
        try:
            decoded = stream.read().decode(self.encoding)
            return list(csv.reader(decoded.splitlines()))
        finally:
            stream.close()


class StreamDeserializer(SimpleBaseDeserializer):
    """The stream itself and its content type; the caller closes it."""

    def deserialize(self, stream, content_type):
        return stream, content_type
