"""A training job's log lines from CloudWatch Logs (``/aws/sagemaker/TrainingJobs``), printed as the SDK prints them.

The calls are the SDK's: DescribeLogStreams by the job's prefix (a ResourceNotFoundException only means no stream
yet), then GetLogEvents per stream from the last timestamp seen, skipping the events already printed there.
"""
import collections
import time
from datetime import datetime, timezone

import botocore.exceptions

LOG_GROUP = "/aws/sagemaker/TrainingJobs"
TERMINAL = ("Completed", "Failed", "Stopped")

Position = collections.namedtuple("Position", ["timestamp", "skip"])


def log_stream(client, log_group, stream_name, start_time=0, skip=0):
    """The stream's events from ``start_time`` on, the first ``skip`` of them left out."""
    next_token = None
    event_count = 1
    while event_count > 0:
        token_arg = {"nextToken": next_token} if next_token is not None else {}
        response = client.get_log_events(
            logGroupName=log_group,
            logStreamName=stream_name,
            startTime=start_time,
            startFromHead=True,
            **token_arg
        )
        next_token = response["nextForwardToken"]
        events = response["events"]
        event_count = len(events)
        if event_count > skip:
            events = events[skip:]
            skip = 0
        else:
            skip -= event_count
            events = []
        for event in events:
            yield event


def secondary_training_status_changed(current, previous):
    current_transitions = current.get("SecondaryStatusTransitions")
    if not current_transitions:
        return False
    previous_message = (
        previous["SecondaryStatusTransitions"][-1]["StatusMessage"]
        if previous and previous.get("SecondaryStatusTransitions")
        else ""
    )
    return current_transitions[-1]["StatusMessage"] != previous_message


def secondary_training_status_message(job_description, prev_description):
    """``2024-01-31 12:00:00 Starting - Starting the training job...`` for each new transition."""
    transitions = (job_description or {}).get("SecondaryStatusTransitions") or []
    if not transitions:
        return ""
    seen = len((prev_description or {}).get("SecondaryStatusTransitions") or [])
    to_print = transitions[-1:] if len(transitions) == seen else transitions[seen:]
    modified = job_description.get("LastModifiedTime")
    when = (
        modified.astimezone(timezone.utc) if isinstance(modified, datetime) else datetime.now(timezone.utc)
    ).strftime("%Y-%m-%d %H:%M:%S")
    return "\n".join(
        "{} {} - {}".format(when, transition["Status"], transition.get("StatusMessage", ""))
        for transition in to_print
    )


class _Streams(object):
    """The job's streams and how far each has been printed."""

    def __init__(self, client, job_name, instance_count):
        self.client = client
        self.job_name = job_name
        self.instance_count = max(instance_count, 1)
        self.names = []
        self.positions = {}

    def flush(self):
        if len(self.names) < self.instance_count:
            self._discover()
        for name in self.names:
            position = self.positions.get(name, Position(timestamp=0, skip=0))
            for event in log_stream(self.client, LOG_GROUP, name, position.timestamp, position.skip):
                print(event["message"])
                timestamp = event["timestamp"]
                position = (
                    Position(timestamp, position.skip + 1)
                    if timestamp == position.timestamp
                    else Position(timestamp, 1)
                )
            self.positions[name] = position

    def _discover(self):
        try:
            streams = self.client.describe_log_streams(
                logGroupName=LOG_GROUP,
                logStreamNamePrefix=self.job_name + "/",
                orderBy="LogStreamName",
                limit=min(self.instance_count, 50),
            )
        except botocore.exceptions.ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            return
        self.names = [stream["logStreamName"] for stream in streams["logStreams"]]


def tail_training_job(session, job_name, wait=False, poll=10):
    """Prints the job's transitions and log lines; with ``wait`` until it ends. Returns its last description."""
    client = session.sagemaker_client
    description = client.describe_training_job(TrainingJobName=job_name)
    _print_lines(secondary_training_status_message(description, None))
    streams = _Streams(
        session.logs_client, job_name, description.get("ResourceConfig", {}).get("InstanceCount", 1)
    )
    done = not wait or description["TrainingJobStatus"] in TERMINAL
    while True:
        streams.flush()
        if done:
            break
        time.sleep(poll)
        previous, description = description, client.describe_training_job(TrainingJobName=job_name)
        if secondary_training_status_changed(description, previous):
            _print_lines(secondary_training_status_message(description, previous))
        # One more flush after the end, for the lines written as the job finished.
        done = description["TrainingJobStatus"] in TERMINAL
    return description


def _print_lines(text):
    if text:
        print(text)
