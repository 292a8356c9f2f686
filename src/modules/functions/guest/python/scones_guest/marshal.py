"""Result serialisation with the AWS Python runtime's (simplejson) semantics, on the standard library.

bytes become UTF-8 strings (so `return base64.b64encode(data)` works as on AWS), Decimals become numbers,
tuples and namedtuples as simplejson writes them, and anything else fails as AWS fails it:
`Runtime.MarshalError` / "Unable to marshal response: Object of type set is not JSON serializable".
"""
import decimal
import json

from .faults import FaultException


def _simplejson_compatible(value):
    """Converts what simplejson encodes but the standard library does not."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, dict):
        return {(k.decode("utf-8") if isinstance(k, bytes) else k): _simplejson_compatible(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _simplejson_compatible(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [_simplejson_compatible(v) for v in value]
    return value


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, decimal.Decimal):
            return float(o) if not o.is_nan() else float("nan")
        return super().default(o)


def to_json(value):
    try:
        return _Encoder(allow_nan=True).encode(_simplejson_compatible(value))
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(e))
