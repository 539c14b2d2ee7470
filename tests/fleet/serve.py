#!/usr/bin/env python3
"""A static web server for the fleet tests, on 127.0.0.1 only.

python3 -m http.server answers neither Range nor If-None-Match; a CDN does
both, so the tests need a server that does. This one also breaks on purpose,
as the network does, from a faults file read again at every request:

    # PATH_PREFIX  MODE      [ARG]  [TIMES]
    /files/ab12    status    500
    /manifest      status    404    1       # once, then served again
    /files/       cut       4096            # headers, 4096 bytes, then the connection drops
    /files/        slow      20000          # bytes per second
    /files/cd34    corrupt                  # one byte of the body flipped
    /              hang                     # headers, then nothing (a stall)

TIMES (default: always) counts down in memory. Every request is appended to
the log file as "METHOD PATH STATUS BYTES_SENT RANGE".

usage: [PORT=N] serve.py ROOT PORT_FILE LOG_FILE [FAULTS_FILE]
The port (N, or one the system picks) is written to PORT_FILE once the
server listens."""
import email.utils
import hashlib
import http.server
import os
import sys
import threading
import time

ROOT, PORT_FILE, LOG_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
FAULTS_FILE = sys.argv[4] if len(sys.argv) > 4 else None
used = {}  # fault line -> times it applied
lock = threading.Lock()


def fault_for(path):
    if not FAULTS_FILE or not os.path.exists(FAULTS_FILE):
        return None
    with open(FAULTS_FILE) as f:
        for line in f:
            words = line.split('#')[0].split()
            if len(words) < 2 or not path.startswith(words[0]):
                continue
            times = int(words[3]) if len(words) > 3 else -1
            key = line.strip()
            with lock:
                if times >= 0 and used.get(key, 0) >= times:
                    continue
                used[key] = used.get(key, 0) + 1
            return words[1], (int(words[2]) if len(words) > 2 else 0)
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def note(self, status, sent):
        with lock, open(LOG_FILE, 'a') as f:
            f.write('%s %s %d %d %s\n' % (self.command, self.path, status, sent,
                                           self.headers.get('Range', '-')))

    def plain(self, status, text=''):
        body = text.encode()
        self.send_response(status)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)
        self.note(status, len(body))

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path.split('?')[0]
        fault = fault_for(path)
        if fault and fault[0] == 'status':
            return self.plain(fault[1], 'fault\n')
        full = os.path.realpath(os.path.join(ROOT, path.lstrip('/')))
        if not full.startswith(os.path.realpath(ROOT)) or not os.path.isfile(full):
            return self.plain(404, 'not found\n')
        st = os.stat(full)
        etag = '"%s"' % hashlib.md5(('%d-%d' % (st.st_mtime_ns, st.st_size)).encode()).hexdigest()
        last_mod = email.utils.formatdate(st.st_mtime, usegmt=True)
        if self.headers.get('If-None-Match') == etag:
            return self.not_modified(etag)
        ims = self.headers.get('If-Modified-Since')
        if ims and not self.headers.get('If-None-Match'):
            t = email.utils.parsedate_to_datetime(ims).timestamp()
            if int(st.st_mtime) <= t:
                return self.not_modified(etag)
        with open(full, 'rb') as f:
            data = f.read()
        start, status = 0, 200
        rng = self.headers.get('Range')
        if rng and rng.startswith('bytes=') and rng.endswith('-'):
            start = int(rng[6:-1])
            if start >= len(data):
                self.send_response(416)
                self.send_header('Content-Range', 'bytes */%d' % len(data))
                self.send_header('Content-Length', '0')
                self.end_headers()
                return self.note(416, 0)
            status = 206
        body = data[start:]
        if fault and fault[0] == 'corrupt' and body:
            i = len(body) // 2
            body = body[:i] + bytes([body[i] ^ 0x01]) + body[i + 1:]
        self.send_response(status)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('ETag', etag)
        self.send_header('Last-Modified', last_mod)
        self.send_header('Accept-Ranges', 'bytes')
        if status == 206:
            self.send_header('Content-Range', 'bytes %d-%d/%d' % (start, len(data) - 1, len(data)))
        self.end_headers()
        if self.command == 'HEAD':
            return self.note(status, 0)
        sent = self.send_body(body, fault)
        self.note(status, sent)

    def send_body(self, body, fault):
        mode, arg = fault if fault else ('', 0)
        if mode == 'hang':
            time.sleep(3600)
        if mode == 'cut':
            self.wfile.write(body[:arg])
            self.wfile.flush()
            self.close_connection = True
            return min(arg, len(body))
        if mode == 'slow':
            sent, chunk = 0, max(1, arg // 10)
            while sent < len(body):
                self.wfile.write(body[sent:sent + chunk])
                self.wfile.flush()
                sent += len(body[sent:sent + chunk])
                time.sleep(0.1)
            return sent
        self.wfile.write(body)
        return len(body)

    def not_modified(self, etag):
        self.send_response(304)
        self.send_header('ETag', etag)
        self.end_headers()
        self.note(304, 0)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hung up mid-body is what the tests do on purpose


server = Server(('127.0.0.1', int(os.environ.get('PORT', '0'))), Handler)
server.daemon_threads = True
tmp = PORT_FILE + '.tmp'
with open(tmp, 'w') as f:
    f.write('%d\n' % server.server_address[1])
os.rename(tmp, PORT_FILE)
server.serve_forever()
