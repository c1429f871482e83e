# Seed 004's timestamp client, ported to Python 3 (raw_input -> input), host and port from argv.
import socket
import sys

HOST = sys.argv[1]
PORT = int(sys.argv[2])
BUFSIZE = 1024
ADDR = (HOST, PORT)

tcpCliSock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcpCliSock.connect(ADDR)

while True:
    try:
        data = input()
        if not data:
            break
        tcpCliSock.send(data.encode())
        data = tcpCliSock.recv(BUFSIZE).decode()
        if not data:
            break
        print('%s say: %s' % (HOST, data))
        if data == 'see you again':
            sys.exit(0)
    except (KeyboardInterrupt, SystemExit, EOFError):
        tcpCliSock.close()
        sys.exit(0)
