# Runs a seed client unchanged over TLS: socket.socket is replaced by a socket that wraps itself
# in TLS once connected, verified against the CA given (and showing a client certificate if given).
# usage: tls_run.py CA_FILE [CERT KEY] -- SCRIPT HOST PORT
import runpy
import socket
import ssl
import sys

split = sys.argv.index('--')
options, rest = sys.argv[1:split], sys.argv[split + 1:]
context = ssl.create_default_context(cafile=options[0])
if len(options) == 3:
    context.load_cert_chain(options[1], options[2])
plain = socket.socket


class TlsSocket:
    def __init__(self, *args, **kwargs):
        self._sock = plain(*args, **kwargs)

    def connect(self, address):
        self._sock.connect(address)
        self._sock = context.wrap_socket(self._sock, server_hostname=address[0])

    def __getattr__(self, name):
        return getattr(self._sock, name)


socket.socket = TlsSocket
sys.argv = rest
runpy.run_path(rest[0], run_name='__main__')
