#!/usr/bin/env python3
"""A small HTTP server on 127.0.0.1 for the alert tests.

    serve.py DIR PORT_FILE LOG_FILE

Serves the files of DIR with an ETag and Last-Modified, and answers 304 to a
request whose If-None-Match matches (conditional requests); /huge.atom is a
100 MB feed made on the fly (never on disk). It writes the port it bound to
PORT_FILE and one line per request to LOG_FILE: "METHOD PATH STATUS BYTES".
It stops by itself after 10 minutes, or on SIGTERM.
"""
import hashlib
import http.server
import os
import sys
import threading

ROOT, PORT_FILE, LOG_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
HUGE_BYTES = 100 * 1024 * 1024
log_lock = threading.Lock()


def log(line):
    with log_lock, open(LOG_FILE, "a") as f:
        f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def huge(self):
        head = (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
                b"<title>padding</title>\n")
        chunk = b"<entry><title>" + b"x" * 1000 + b"</title></entry>\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        sent = 0
        try:
            self.wfile.write(head)
            sent += len(head)
            while sent + len(chunk) <= HUGE_BYTES:
                self.wfile.write(chunk)
                sent += len(chunk)
            self.wfile.write(b" " * (HUGE_BYTES - sent))
            sent = HUGE_BYTES
        except (BrokenPipeError, ConnectionResetError):
            pass
        log(f"GET /huge.atom 200 {sent}")

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/huge.atom":
            return self.huge()
        full = os.path.join(ROOT, path.lstrip("/"))
        if ".." in path or not os.path.isfile(full):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            log(f"GET {path} 404 0")
            return
        with open(full, "rb") as f:
            body = f.read()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            log(f"GET {path} 304 0")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        log(f"GET {path} 200 {len(body)}")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
stopper = threading.Timer(600, server.shutdown)
stopper.daemon = True
stopper.start()
server.serve_forever()
