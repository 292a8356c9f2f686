"""``DatasetFormat``: the baseline dataset's format, as the monitoring API names it."""


class DatasetFormat(object):
    @staticmethod
    def csv(header=True, output_columns_position="START"):
        return {"csv": {"header": header, "output_columns_position": output_columns_position}}

    @staticmethod
    def json(lines=True):
        return {"json": {"lines": lines}}

    @staticmethod
    def sagemaker_capture_json():
        return {"sagemakerCaptureJson": {"captureIndexNames": ["endpointInput", "endpointOutput"]}}
