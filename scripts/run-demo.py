"""Run the demo web server, the task worker and the scheduler together; Ctrl-C (or either exiting) stops both."""

import os
import signal
import subprocess
import sys
import time

MANAGE = [sys.executable, "manage.py"]
COMMANDS = [
    [*MANAGE, "db_worker"],
    [*MANAGE, "run_schedule"],
    [*MANAGE, "runserver", "127.0.0.1:8000", "--noreload"],
]


def main() -> int:
    env = {**os.environ, "WAYPOST_DEMO": "1"}
    processes = [subprocess.Popen(command, env=env) for command in COMMANDS]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
