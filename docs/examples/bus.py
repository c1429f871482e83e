#!/usr/bin/env python3
"""A netbus bus client in plain Python: TLS (verified against certs/ca.crt) and a token.

usage: NETBUS_TOKEN=... python3 bus.py HOST PORT ADDRESS 'JSON'   (sends JSON, prints the reply)
"""
import json, os, socket, ssl, struct, sys

host, port, address, body = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
ctx = ssl.create_default_context(cafile=os.environ.get("NETBUS_CA", "certs/ca.crt"))
sock = ctx.wrap_socket(socket.create_connection((host, port), timeout=10), server_hostname=host)

def write(frame):
    frame.setdefault("headers", {})["token"] = os.environ["NETBUS_TOKEN"]
    data = json.dumps(frame).encode()
    sock.sendall(struct.pack(">I", len(data)) + data)

def exactly(n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            sys.exit("the bridge closed the connection")
        buf += chunk
    return buf

def read():
    return json.loads(exactly(struct.unpack(">I", exactly(4))[0]))

write({"type": "send", "address": address, "replyAddress": "reply-1", "body": body})
reply = read()
if reply.get("type") == "err":
    sys.exit("netbus: %s %s" % (reply.get("message"), reply.get("detail", "")))
print(json.dumps(reply.get("body")))
