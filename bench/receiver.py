#!/usr/bin/env python3
"""The benchmark's webhook receiver: a local HTTP endpoint on 127.0.0.1.

Run by bench/bench.py as its own process (so the load generator's threads do
not delay it): every POST is answered 204 at once, and one JSON line per
delivery is appended to the output file:

    {"received": <unix seconds, float>, "id": <webhook-id header>,
     "timestamp": <webhook-timestamp header>, "signature_ok": true|false,
     "type": <event type>, "created_at": <the event's created_at>,
     "order_id": <the order's id>}

The signature is checked as Standard Webhooks define it (HMAC-SHA256 with the
secret given by --secret, `whsec_` + base64, over "id.timestamp.body"), so a
delivery the notifier did not sign right is counted, not trusted.

Usage: receiver.py --port N --out FILE [--secret whsec_...]
(the secret may also come later, in FILE.secret: the webhook is created after
the receiver is up).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--secret")
    args = p.parse_args()
    out = open(args.out, "a", buffering=1)
    lock = threading.Lock()
    secret_file = Path(args.out + ".secret")
    state = {"key": None}

    def key() -> bytes | None:
        if state["key"] is None:
            secret = args.secret or (secret_file.read_text().strip() if secret_file.exists() else None)
            if secret:
                state["key"] = base64.b64decode(secret.removeprefix("whsec_"))
        return state["key"]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            received = time.time()
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()
            wid, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "")
            signed = f"{wid}.{ts}.".encode() + body
            k = key()
            ok = False
            if k:
                expected = base64.b64encode(hmac.new(k, signed, hashlib.sha256).digest()).decode()
                given = [s.split(",", 1)[1] for s in self.headers.get("webhook-signature", "").split()
                         if s.startswith("v1,")]
                ok = any(hmac.compare_digest(expected, g) for g in given)
            try:
                event = json.loads(body)
            except ValueError:
                event = {}
            line = json.dumps({"received": received, "id": wid, "timestamp": ts, "signature_ok": ok,
                               "type": event.get("type"), "created_at": event.get("created_at"),
                               "order_id": (event.get("data") or {}).get("id")})
            with lock:
                out.write(line + "\n")

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"receiver listening on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
