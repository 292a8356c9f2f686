# Python guest bootstrap: loads the handler, then runs invocations sent by the host over the channel.
# Mirrors src/modules/functions/protocol.ts; run as `python3 -u bootstrap.py` with the channel on fd 3.
import os
import sys


def _arrange_sys_path():
    """Put the task root first and layers next, as Lambda does, keeping this folder importable."""
    here = os.path.dirname(os.path.abspath(__file__))
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    layers = [p for p in os.environ.pop("SCONES_LAYER_PATHS", "").split(os.pathsep) if p]
    rest = [p for p in sys.path if p not in ("", here)]
    sys.path[:] = [task_root, *layers, here, *rest]
    return task_root


if __name__ == "__main__":
    _arrange_sys_path()
    from scones_guest.runtime import main

    main()
