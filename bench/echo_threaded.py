#!/usr/bin/env python3
"""Thread-per-client TCP echo server in the style of the seed tutorials (seed 002's Server.py):
accept, start a thread per client, recv() a chunk and send it back until the client closes.
A raw-chunk echo: compare it with netbus `raw` framing.

    python3 bench/echo_threaded.py PORT
"""
import socket
import sys
import threading


def tcplink(sock):
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            sock.sendall(data)
    except OSError:
        pass
    finally:
        sock.close()


def main():
    port = int(sys.argv[1])
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', port))
    s.listen(1024)
    print('listening %d' % port, flush=True)
    while True:
        sock, addr = s.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        t = threading.Thread(target=tcplink, args=(sock,), daemon=True)
        t.start()


if __name__ == '__main__':
    main()
