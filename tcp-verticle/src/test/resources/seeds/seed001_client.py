# Seed 001's client (socket_client, huangpingyi 2016), ported to Python 3: host and port from argv.
import socket
import sys

HOST = sys.argv[1]
PORT = int(sys.argv[2])

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))

s.sendall(b'Hello Huangpingyi')
data = s.recv(1024)
s.close()
print('Received', data)
