#!/usr/bin/env python3
"""webhook-sink.py - a tiny incoming-webhook receiver for the tests.

Listens on --host (default 127.0.0.1) and --port (default 0: a free port),
writes the port it got to --port-file (atomically, so a reader never sees
a partial file), and for every POST appends one line to --out and answers
204 No Content.  The line is a JSON object
    {"path": ..., "content_type": ..., "body": "<the body, as text>"}
so a body stays one line whatever it holds, and nothing of it is lost:
json.loads(line)["body"] is the body exactly as sent (decoded as UTF-8,
undecodable bytes replaced).  The line is written and flushed before the
answer goes out, so once the client has its answer the line is in --out.
Other methods are answered 405 and not recorded.

Python 3 standard library only.  Stops on SIGTERM or SIGINT.
"""

import argparse
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "webhook-sink/1.0"
    sys_version = ""
    out = None
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def do_POST(self):
        body = self.read_body()
        line = json.dumps({"path": self.path, "content_type": self.headers.get("Content-Type"),
                           "body": body.decode("utf-8", "replace")}, ensure_ascii=False)
        with self.lock:
            with open(self.out, "a", encoding="utf-8") as f:
                f.write(line + "\n")
                f.flush()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def refuse(self):
        self.read_body()
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_DELETE = refuse


def main():
    ap = argparse.ArgumentParser(description="Records webhook POSTs, one JSON line each.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    Handler.out = args.out
    open(args.out, "a").close()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    tmp = f"{args.port_file}.tmp.{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(f"{server.server_address[1]}\n")
    os.replace(tmp, args.port_file)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
