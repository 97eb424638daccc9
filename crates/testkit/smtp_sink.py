"""A real SMTP server for Sésame's tests and benchmark (aiosmtpd), started and stopped by Rust.

Usage: python3 smtp_sink.py --port PORT --dir DIR [--reject ADDRESS]... [--reply-delay-ms N]

Each accepted message is written to DIR as N.eml (written to a temporary name, then renamed,
so a reader never sees half a message), with the envelope sender first as a `Return-Path:`
header, as a delivering mail server writes it, so tests can check MAIL FROM. RCPT TO an address given with --reject is answered
"550 5.1.1 mailbox unavailable". With --reply-delay-ms, the "250" to DATA comes that long after
the message is written: a client killed meanwhile has delivered a message it never heard accepted
(the at-least-once window of a mail outbox, made wide enough to hit). Prints "ready PORT" on standard output once it accepts
connections, then serves until killed.
"""

import argparse
import asyncio
import itertools
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, reject, reply_delay):
        self.directory = directory
        self.reply_delay = reply_delay
        self.reject = {a.lower() for a in reject}
        # Numbering goes on after a restart on the same directory.
        done = [f for f in os.listdir(directory) if f.endswith(".eml")]
        self.counter = itertools.count(len(done) + 1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.counter)
        path = os.path.join(self.directory, f"{n}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(f"Return-Path: <{envelope.mail_from}>\r\n".encode())
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        if self.reply_delay:
            await asyncio.sleep(self.reply_delay)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--reply-delay-ms", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    # Messages are 8-bit MIME; no size limit worth testing here.
    controller = Controller(
        Sink(args.dir, args.reject, args.reply_delay_ms / 1000),
        hostname="127.0.0.1",
        port=args.port,
        data_size_limit=10 * 1024 * 1024,
    )
    controller.start()
    print(f"ready {args.port}", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
