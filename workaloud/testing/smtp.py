"""A real SMTP server on localhost (aiosmtpd) for tests: it keeps every message it is sent,
and can refuse chosen recipients. ``smtp_server`` points Django's SMTP backend at it."""

import email
import socket
import threading
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller

SITE = "https://wol.example.org"


class Inbox:
    """An aiosmtpd handler keeping every message; it can refuse chosen recipients."""

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(settings, *, sender: str, site_url: str | None = SITE, inbox=None):
    """Start a server keeping mail in ``inbox`` (a new ``Inbox`` by default) and point
    Django's SMTP backend at it, sending as ``sender``; ``site_url`` None leaves SITE_URL."""
    inbox = inbox if inbox is not None else Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = sender
    if site_url is not None:
        settings.SITE_URL = site_url
    try:
        yield inbox
    finally:
        controller.stop()
