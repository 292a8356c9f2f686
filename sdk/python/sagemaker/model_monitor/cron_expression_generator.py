"""``CronExpressionGenerator``: schedule expressions of monitoring schedules."""


class CronExpressionGenerator(object):
    """The ``cron(...)`` expressions the SDK offers."""

    @staticmethod
    def hourly():
        return "cron(0 * ? * * *)"

    @staticmethod
    def daily(hour=0):
        return "cron(0 {} ? * * *)".format(hour)

    @staticmethod
    def daily_every_x_hours(hour_interval, starting_hour=0):
        return "cron(0 {}/{} ? * * *)".format(starting_hour, hour_interval)

    @staticmethod
    def now():
        return "NOW"
