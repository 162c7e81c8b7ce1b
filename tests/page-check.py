#!/usr/bin/env python3
"""Loads an HTML file in headless Chromium and says whether it is a page
that stands alone: no request but for the file itself (data: URLs are not
requests), no console message of level error or warning, no uncaught
exception, no log entry of level error (a Content-Security-Policy refusal
is one), and a screenshot that is not one flat colour.

Usage: page-check.py FILE.html SHOT.png
Exit 0 when all holds; 1 with the reasons on stderr otherwise; 2 when
Chromium cannot be started.

It speaks the DevTools protocol over --remote-debugging-pipe (fd 3 carries
commands to Chromium, fd 4 its answers and events, each message a JSON
text ended by a NUL byte), with the standard library only.
"""
import base64, json, os, select, shutil, struct, subprocess, sys, tempfile, time, zlib

def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None

class Browser:
    def __init__(self, exe, profile, log):
        self.log = log
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # The child's fds 3 and 4: dup them there between fork and exec.
        def fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars", "--window-size=1024,2000",
                "--disable-dev-shm-usage", "about:blank"]
        # close_fds would close 3 and 4 after fds() ran: keep them (all fds here are ours).
        self.proc = subprocess.Popen(args, preexec_fn=fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=self.log)
        os.close(to_r)
        os.close(from_w)
        self.buf, self.n, self.events = b"", 0, []

    def send(self, method, params=None, session=None):
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        return self.n

    def read(self, timeout):
        """The next message, or None after timeout seconds."""
        end = time.monotonic() + timeout
        while b"\0" not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.from_r], [], [], left)[0]:
                return None
            chunk = os.read(self.from_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=30):
        want = self.send(method, params, session)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = self.read(end - time.monotonic())
            if m is None:
                break
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)
        raise RuntimeError(f"{method}: no answer")

    def wait_event(self, method, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(e.get("method") == method for e in self.events):
                return True
            m = self.read(end - time.monotonic())
            if m is not None:
                self.events.append(m)
        return False

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while (m := self.read(max(0, end - time.monotonic()))) is not None:
            self.events.append(m)

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()

def png_pixels(data):
    """The rows of an 8-bit RGB or RGBA PNG, unfiltered (a list of bytes per row)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype = hdr[:4]
    assert depth == 8 and ctype in (2, 6), f"PNG depth {depth} colour type {ctype}"
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows

def main():
    page, shot = os.path.abspath(sys.argv[1]), sys.argv[2]
    exe = chromium()
    if exe is None:
        print("page-check: no chromium", file=sys.stderr)
        return 2
    url = "file://" + page
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(exe, profile, open(os.path.join(profile, "chromium.log"), "w"))
        try:
            try:
                target = b.call("Target.createTarget", {"url": "about:blank"}, timeout=60)["targetId"]
            except RuntimeError as e:
                print(f"page-check: chromium did not start: {e}", file=sys.stderr)
                return 2
            s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Network", "Runtime", "Log", "Page"):
                b.call(domain + ".enable", session=s)
            b.events.clear()
            b.call("Page.navigate", {"url": url}, session=s)
            if not b.wait_event("Page.loadEventFired", 30):
                problems.append("the page did not finish loading")
            b.drain(1.0)  # late requests and messages
            png = base64.b64decode(b.call("Page.captureScreenshot", {"format": "png"}, session=s)["data"])
        finally:
            b.close()
    with open(shot, "wb") as f:
        f.write(png)
    for e in b.events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Network.requestWillBeSent":
            u = p["request"]["url"]
            if u != url and not u.startswith("data:"):
                problems.append(f"request: {u}")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            problems.append("console " + p["type"] + ": " +
                            " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            problems.append("exception: " + p["exceptionDetails"].get("text", ""))
        elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            problems.append(f"log {p['entry']['level']}: {p['entry'].get('text', '')}")
        elif m == "Network.loadingFailed":
            problems.append(f"loading failed: {p.get('errorText', '')}")
    w, h, bpp, rows = png_pixels(png)
    colours, bg = set(), rows[0][:3]
    not_bg = 0
    for r in rows[::4]:
        for x in range(0, w * bpp, bpp * 4):
            px = r[x:x + 3]
            colours.add(px)
            not_bg += px != bg
    if len(colours) < 3 or not_bg < 100:
        problems.append(f"the screenshot is blank: {len(colours)} colours, {not_bg} pixels sampled "
                        "off the background")
    for p in problems:
        print("page-check: " + p, file=sys.stderr)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
