# Seed 003's looping client, ported to Python 3 as written (prompts included), host and port from argv.
from socket import *
import sys

if len(sys.argv) <= 2:
    sys.exit("请输入参数(IP地址和端口号)")

addr = sys.argv[1]
port = int(sys.argv[2])

sockfd = socket()
sockfd.connect((addr, port))

while True:
    try:
        data = input("发送>>")
    except EOFError:
        break
    if not data:
        break
    sockfd.send(data.encode())
    data = sockfd.recv(1024)
    print("收到回复:", data.decode())

sockfd.close()
