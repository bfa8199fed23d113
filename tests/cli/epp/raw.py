# A raw EPP-over-TLS client for hostile-frame tests: reads a JSON list of
# steps on stdin, sends each as one frame (or with a forged length), and
# prints one line per step: the result code (or "greeting") and the
# seconds it took, or "closed" when the server closed the connection.
# A step with "pause": N waits N seconds before it is sent.
# Usage: raw.py PORT [CERT KEY]
import json, re, socket, ssl, struct, sys, time

port = int(sys.argv[1])
steps = json.load(sys.stdin)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
if len(sys.argv) > 3:
    ctx.load_cert_chain(sys.argv[2], sys.argv[3])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=90))

def recvn(n):
    buf = b""
    while len(buf) < n:
        try:
            chunk = s.recv(n - len(buf))
        except (OSError, ssl.SSLError):
            return None
        if not chunk:
            return None
        buf += chunk
    return buf

def frame():
    head = recvn(4)
    if head is None:
        return None
    body = recvn(struct.unpack(">I", head)[0] - 4)
    return None if body is None else body.decode()

def show(reply, took):
    if reply is None:
        print("closed", took, flush=True)
        return False
    if "<greeting>" in reply:
        print("greeting", took, flush=True)
        return True
    m = re.search(r'result code="(\d+)"', reply)
    print(m.group(1) if m else "?", took, flush=True)
    return True

show(frame(), 0)
for st in steps:
    time.sleep(st.get("pause", 0))
    t0 = time.time()
    try:
        if "header" in st:
            s.sendall(struct.pack(">I", st["header"]) + st.get("body", "").encode())
        else:
            body = st["send"].encode()
            s.sendall(struct.pack(">I", len(body) + 4) + body)
    except (OSError, ssl.SSLError):
        print("closed", round(time.time() - t0, 1), flush=True)
        break
    if not show(frame(), round(time.time() - t0, 1)):
        break
