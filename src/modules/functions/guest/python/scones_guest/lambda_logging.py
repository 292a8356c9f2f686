"""The root logger handler of the AWS Python runtime: `[LEVEL]\\t<time>Z\\t<request id>\\t<message>`."""
import logging
import sys
import time

_current = {"request_id": ""}


def set_request_id(request_id):
    _current["request_id"] = request_id


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _current["request_id"]
        return True


def install():
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.terminator = ""
    handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(handler)
