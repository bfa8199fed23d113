#!/usr/bin/env python3
"""EPP load over one TLS session against `ptreg epp serve` (SPEC targets:
>= 300 domain:check / domain:info per second, >= 100 domain:create per
second). Reads names managed by the registrar from the registry file,
logs in, and times N checks, N infos and M creates, one at a time (each
waits for its answer, as a registrar's client does). Prints one JSON line.

    epp_load.py --port 7700 --db registry.db --registrar REG --password PW \
        [--n 3000] [--creates 1000]
"""
import argparse, json, random, re, socket, sqlite3, ssl, struct, time

EPP = "urn:ietf:params:xml:ns:epp-1.0"
DOM = "urn:ietf:params:xml:ns:domain-1.0"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--registrar", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--creates", type=int, default=1000)
    a = ap.parse_args()
    db = sqlite3.connect(a.db)
    names = [r[0] for r in db.execute(
        "SELECT name FROM domain WHERE manager = ? AND state <> 'removed' LIMIT ?",
        (a.registrar, a.n))]
    registrant = db.execute(
        "SELECT registrant FROM domain WHERE manager = ? LIMIT 1", (a.registrar,)).fetchone()[0]
    db.close()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", a.port), timeout=60))

    def recvn(n):
        buf = b""
        while len(buf) < n:
            chunk = s.recv(n - len(buf))
            if not chunk:
                raise SystemExit("connection closed")
            buf += chunk
        return buf

    def call(body):
        data = body.encode()
        s.sendall(struct.pack(">I", len(data) + 4) + data)
        n = struct.unpack(">I", recvn(4))[0]
        reply = recvn(n - 4).decode()
        m = re.search(r'result code="(\d+)"', reply)
        return int(m.group(1)) if m else 0

    def cmd(inner):
        return f'<epp xmlns="{EPP}"><command>{inner}<clTRID>LOAD</clTRID></command></epp>'

    recvn(struct.unpack(">I", recvn(4))[0] - 4)  # greeting
    code = call(cmd(f"<login><clID>{a.registrar}</clID><pw>{a.password}</pw>"
                    "<options><version>1.0</version><lang>en</lang></options>"
                    f"<svcs><objURI>{DOM}</objURI></svcs></login>"))
    if code != 1000:
        raise SystemExit(f"login: {code}")

    def timed(make, count):
        codes = {}
        t = time.perf_counter()
        for i in range(count):
            c = call(make(i))
            codes[c] = codes.get(c, 0) + 1
        return count / (time.perf_counter() - t), codes

    check_rate, check_codes = timed(lambda i: cmd(
        f'<check><domain:check xmlns:domain="{DOM}"><domain:name>{names[i % len(names)]}'
        '</domain:name></domain:check></check>'), a.n)
    info_rate, info_codes = timed(lambda i: cmd(
        f'<info><domain:info xmlns:domain="{DOM}"><domain:name>{names[i % len(names)]}'
        '</domain:name></domain:info></info>'), a.n)
    tag = random.randrange(10**6)
    create_rate, create_codes = timed(lambda i: cmd(
        f'<create><domain:create xmlns:domain="{DOM}"><domain:name>eppload{tag}x{i}.pt'
        f'</domain:name><domain:registrant>{registrant}</domain:registrant>'
        '<domain:authInfo><domain:pw>load-code</domain:pw></domain:authInfo>'
        '</domain:create></create>'), a.creates)
    call(cmd("<logout/>"))
    print(json.dumps({
        "check_per_s": round(check_rate), "check_codes": check_codes,
        "info_per_s": round(info_rate), "info_codes": info_codes,
        "create_per_s": round(create_rate), "create_codes": create_codes,
    }))

main()
