"""One TCP transfer of random bytes, checked end to end (used by net-checks.sh and net-bench.sh).

  nettransfer.py recv ADDR PORT          listens, takes one connection, reads to EOF
  nettransfer.py send ADDR PORT BYTES    connects and sends BYTES random bytes

Each side prints one line: "<sent|received> BYTES sha256 HEX seconds S MB/s R".
"""
import hashlib
import os
import socket
import sys
import time

CHUNK = 1 << 16


def report(verb, count, digest, started):
    seconds = max(time.monotonic() - started, 1e-9)
    print(f"{verb} {count} sha256 {digest.hexdigest()} seconds {seconds:.2f} MB/s {count / seconds / 1e6:.2f}",
          flush=True)


def recv(addr, port):
    with socket.create_server((addr, port)) as server:
        server.settimeout(120)
        conn, _ = server.accept()
    with conn:
        conn.settimeout(120)
        digest, count, started = hashlib.sha256(), 0, time.monotonic()
        while True:
            data = conn.recv(CHUNK * 4)
            if not data:
                break
            digest.update(data)
            count += len(data)
    report("received", count, digest, started)


def send(addr, port, total):
    for _ in range(100):  # the receiver may not be listening yet
        try:
            conn = socket.create_connection((addr, port), timeout=120)
            break
        except ConnectionRefusedError:
            time.sleep(0.1)
    else:
        sys.exit(f"nettransfer: nobody listens on {addr}:{port}")
    with conn:
        digest, count, started = hashlib.sha256(), 0, time.monotonic()
        while count < total:
            data = os.urandom(min(CHUNK, total - count))
            conn.sendall(data)
            digest.update(data)
            count += len(data)
        conn.shutdown(socket.SHUT_WR)
        conn.recv(1)  # wait for the receiver's close: everything sent has arrived
    report("sent", count, digest, started)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "recv":
        recv(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
