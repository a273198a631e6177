from typing import Any


def queue_email(*, to: str, subject: str, body: str, user: Any = None) -> Any:
    raise NotImplementedError
