"""Request body serializers (``sagemaker.serializers``): turn ``predict``'s data into bytes or text."""
import abc
import csv
import io
import json


class BaseSerializer(abc.ABC):
    """Abstract: ``serialize(data)`` and the ``CONTENT_TYPE`` it produces."""

    @abc.abstractmethod
    def serialize(self, data):
        """The request body for ``data``."""

    @property
    @abc.abstractmethod
    def CONTENT_TYPE(self):
        """The MIME type of the body."""


class SimpleBaseSerializer(BaseSerializer):
    """A serializer with a fixed content type."""

    def __init__(self, content_type="application/json"):
        if not isinstance(content_type, str):
            raise ValueError(
                "content_type must be a string specifying the MIME type of the data sent in requests: "
                "e.g. 'application/json', 'text/csv', etc. Got %s" % content_type
            )
        self.content_type = content_type

    @property
    def CONTENT_TYPE(self):
        return self.content_type


class IdentitySerializer(SimpleBaseSerializer):
    """Sends the data as it is (bytes, or text): ``IdentitySerializer("image/png")`` for PNG files."""

    def __init__(self, content_type="application/octet-stream"):
        super(IdentitySerializer, self).__init__(content_type=content_type)

    def serialize(self, data):
        return data


def _to_list(data):
    # numpy arrays and pandas objects without importing them: they all have tolist().
    return data.tolist() if hasattr(data, "tolist") else data


class JSONSerializer(SimpleBaseSerializer):
    """JSON text of the data; dict values and arrays that have ``tolist()`` (numpy) become lists."""

    def serialize(self, data):
        if isinstance(data, dict):
            return json.dumps({key: _to_list(value) for key, value in data.items()})
        if hasattr(data, "read"):
            return data.read()
        return json.dumps(_to_list(data))


class CSVSerializer(SimpleBaseSerializer):
    """CSV text: a row from a flat sequence, one line per row from a sequence of sequences."""

    def __init__(self, content_type="text/csv"):
        super(CSVSerializer, self).__init__(content_type=content_type)

    def serialize(self, data):
        if isinstance(data, str):
            return data
        if hasattr(data, "read"):
            return data.read()
        data = _to_list(data)
        mutable_sequence = _is_sequence_like(data) and hasattr(data, "__setitem__")
        multiple_rows = len(data) > 0 and _is_sequence_like(data[0])
        if mutable_sequence and multiple_rows:
            return "\n".join(self._serialize_row(row) for row in data)
        return self._serialize_row(data)

    def _serialize_row(self, data):
        if isinstance(data, str):
            return data
        data = _to_list(data)
        if hasattr(data, "__len__"):
            if len(data) == 0:
                raise ValueError("Cannot serialize empty array")
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=",").writerow(data)
            return buffer.getvalue().rstrip("\r\n")
        raise ValueError("Unable to handle input format: %s" % type(data))


def _is_sequence_like(data):
    return hasattr(data, "__iter__") and hasattr(data, "__getitem__") and not isinstance(data, (str, bytes))


class StringSerializer(SimpleBaseSerializer):
    """Text as it is."""

    def __init__(self, content_type="text/plain"):
        super(StringSerializer, self).__init__(content_type=content_type)

    def serialize(self, data):
        if isinstance(data, str):
            return data
        raise ValueError("Unable to handle input format: %s" % type(data))


class DataSerializer(SimpleBaseSerializer):
    """A file's bytes (by path) or raw bytes."""

    def __init__(self, content_type="file-path/raw-bytes"):
        super(DataSerializer, self).__init__(content_type=content_type)

    def serialize(self, data):
        if isinstance(data, str):
            with open(data, "rb") as data_file:
                return data_file.read()
        if isinstance(data, bytes):
            return data
        raise ValueError("Object of type %s is not Data serializable." % type(data))
