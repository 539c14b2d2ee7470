#!/usr/bin/env python3
"""The player under a service manager, without systemd: this test binds the
notification socket itself, sets NOTIFY_SOCKET and WATCHDOG_USEC, and checks
READY=1 once the first picture is up, STATUS= naming what is on screen,
WATCHDOG=1 at regular intervals, no ping at all while the player is stopped
with SIGSTOP, pings again after SIGCONT, STOPPING=1 at SIGTERM; and that
with JOURNAL_STREAM naming its stderr, log lines carry journald priorities.

    notify.py PATH/TO/signage
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

WATCHDOG_USEC = 1000000  # pings due every 0.5 s


def fail(msg, log=None):
    print("FAILED:", msg)
    if log:
        print("--- player log:\n" + open(log, errors="replace").read())
    sys.exit(1)


def main():
    signage = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="signage-notify.")
    with open(os.path.join(tmp, "slides.cfg"), "w") as f:
        f.write('playlist = { name = "notify test"; items = (\n'
                '  { id = "one"; duration = 1.0; slide = { title = "One"; }; },\n'
                '  { id = "two"; duration = 1.0; slide = { title = "Two"; }; }\n); };\n')
    with open(os.path.join(tmp, "player.cfg"), "w") as f:
        f.write('playlist = "slides.cfg";\nledger = "var/ledger.db";\n')
    path = os.path.join(tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.05)
    log = os.path.join(tmp, "player.log")
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC=str(WATCHDOG_USEC))
    env.pop("JOURNAL_STREAM", None)
    with open(log, "w") as logf:
        p = subprocess.Popen([signage, "play", "--headless", "--size", "320x180",
                              "--config", os.path.join(tmp, "player.cfg"), "--for", "40"],
                             stderr=logf, env=env, cwd=tmp)
    env["WATCHDOG_PID"] = str(p.pid)
    msgs = []  # (time, text)

    def collect(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                data = sock.recv(4096).decode()
                msgs.append((time.monotonic(), data))
            except socket.timeout:
                pass
            if p.poll() is not None:
                fail("the player exited with %s" % p.returncode, log)

    t0 = time.monotonic()
    collect(1.0)
    while not any("READY=1" in m for _, m in msgs) and time.monotonic() - t0 < 30:
        collect(0.5)
    ready = [t for t, m in msgs if "READY=1" in m]
    if not ready:
        fail("no READY=1 within 30 s", log)
    print("READY=1 %.2f s after start" % (ready[0] - t0))
    collect(3.0)
    statuses = [m for _, m in msgs if m.startswith("STATUS=showing")]
    if not statuses:
        fail("no STATUS=showing ...: %r" % msgs, log)
    print("status:", statuses[-1])

    pings = [t for t, m in msgs if m == "WATCHDOG=1" and t > ready[0]]
    if len(pings) < 4:
        fail("only %d pings in 3 s after READY (want >= 4 at 0.5 s)" % len(pings), log)
    gaps = [b - a for a, b in zip(pings, pings[1:])]
    print("pings: %d in %.1f s, gaps %.2f..%.2f s (due every %.2f s)"
          % (len(pings), pings[-1] - pings[0], min(gaps), max(gaps), WATCHDOG_USEC / 2e6))
    if max(gaps) > WATCHDOG_USEC / 1e6:
        fail("a gap of %.2f s between pings: systemd would have restarted the player"
             % max(gaps), log)

    # Stopped, the player must not ping: a frozen player is not alive.
    os.kill(p.pid, signal.SIGSTOP)
    time.sleep(0.2)  # a datagram sent just before the stop may still be queued
    n_before = len(msgs)
    stop_start = time.monotonic()
    collect_stopped = 2.5
    end = stop_start + collect_stopped
    while time.monotonic() < end:
        try:
            msgs.append((time.monotonic(), sock.recv(4096).decode()))
        except socket.timeout:
            pass
    during = [m for _, m in msgs[n_before:]]
    os.kill(p.pid, signal.SIGCONT)
    resumed_at = time.monotonic()
    if during:
        fail("messages while stopped with SIGSTOP: %r" % during, log)
    print("while stopped (SIGSTOP, %.1f s): no message" % collect_stopped)
    collect(2.0)
    after = [t for t, m in msgs if m == "WATCHDOG=1" and t >= resumed_at]
    if not after:
        fail("no ping within 2 s of SIGCONT", log)
    print("after SIGCONT: first ping in %.2f s, %d pings in 2 s" % (after[0] - resumed_at, len(after)))

    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("the player did not stop on SIGTERM", log)
    try:
        while True:
            msgs.append((time.monotonic(), sock.recv(4096).decode()))
    except socket.timeout:
        pass
    if rc != 0:
        fail("exit status %d after SIGTERM" % rc, log)
    if not any(m == "STOPPING=1" for _, m in msgs):
        fail("no STOPPING=1", log)
    print("SIGTERM: STOPPING=1, exit 0")

    # Under the journal: <N> priorities, no timestamps of our own.
    jlog = os.path.join(tmp, "journal.log")
    with open(jlog, "w") as jf:
        st = os.fstat(jf.fileno())
        env2 = dict(os.environ, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
        subprocess.run([signage, "play", "--headless", "--size", "320x180", "--config",
                        os.path.join(tmp, "player.cfg"), "--for", "1", "/nonexistent.cfg"],
                       stderr=jf, env=env2, cwd=tmp)
    lines = open(jlog).read().splitlines()
    if not lines or not all(l[:3] in ("<3>", "<4>", "<6>", "<7>") for l in lines):
        fail("journal lines without priorities: %r" % lines[:5])
    if not any(l.startswith("<3>signage[error]: ") for l in lines):
        fail("no <3> error line for a missing playlist: %r" % lines[:5])
    print("journal: %d lines, all with a priority, e.g. %r" % (len(lines), lines[0]))
    subprocess.run(["rm", "-rf", tmp])
    print("ok")


main()
