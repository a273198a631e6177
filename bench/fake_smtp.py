"""A mail server on loopback for the faults scenario (bench/load_faults.py): it speaks real
SMTP (aiosmtpd), accepts every message and keeps only each message's outbox id (the
`X-Waypost-Outbox-Id` header the worker puts on every attempt), so the run can count what was
delivered, and what twice, without holding addresses or text.
"""

import asyncio
import threading
from email.parser import BytesHeaderParser
from typing import Any

from aiosmtpd.controller import Controller

OUTBOX_ID_HEADER = "X-Waypost-Outbox-Id"


class Mailbox:
    """The aiosmtpd handler: one entry per message accepted ("" when it had no outbox id)."""

    def __init__(self, reply_delay: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._outbox_ids: list[str] = []
        self.reply_delay = reply_delay

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # A slow relay: the message is taken (and counted) only when the reply is due, so a
        # sender that dies while waiting may send it again: SMTP is at-least-once.
        await asyncio.sleep(self.reply_delay)
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        with self._lock:
            self._outbox_ids.append(str(headers.get(OUTBOX_ID_HEADER, "")))
        return "250 2.0.0 OK"

    @property
    def outbox_ids(self) -> list[str]:
        with self._lock:
            return list(self._outbox_ids)


class FakeSmtpServer:
    """`with FakeSmtpServer(port) as mailbox:` serves on 127.0.0.1:port until the block ends,
    answering each message after `reply_delay` seconds."""

    def __init__(self, port: int, reply_delay: float = 0.0) -> None:
        self.port = port
        self.mailbox = Mailbox(reply_delay)
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=port)

    def __enter__(self) -> Mailbox:
        self._controller.start()
        return self.mailbox

    def __exit__(self, *_: object) -> None:
        self._controller.stop()
