# scripts/bench-lib.sh - sourced by the scripts/bench-*.sh (POSIX sh): what
# they share.  The caller defines die MESSAGE and $tmp, its scratch directory.

# write_rusage FILE: writes FILE, the timer for when there is no GNU time:
# peak RSS is VmHWM from /proc/PID/status, sampled every 10 ms once the
# command is exec'd (ru_maxrss from wait4(2) would count the RSS of the
# python that forked it); CPU times from wait4(2).  It keeps the timeout
# itself, so the process it samples is the command.
write_rusage() {
	cat >"$1" <<'EOF'
import os, signal, subprocess, sys, time
# usage: rusage.py OUT TIMEOUT COMMAND... -> "WALL PEAK_RSS_KIB USER SYS" in OUT
out, limit, argv = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
t0 = time.monotonic()
p = subprocess.Popen(argv)
with open("/proc/self/cmdline", "rb") as f:
    mine = f.read()  # the child's until it execs
hwm = 0
while True:
    pid, status, ru = os.wait4(p.pid, os.WNOHANG)
    if pid:
        break
    try:
        with open(f"/proc/{p.pid}/cmdline", "rb") as f:
            execd = f.read() != mine
        if execd:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]))
    except OSError:
        pass
    if time.monotonic() - t0 > limit:
        p.send_signal(signal.SIGTERM)
        os.wait4(p.pid, 0)
        sys.exit(124)
    time.sleep(0.01)
code = os.waitstatus_to_exitcode(status)
with open(out, "w") as f:
    f.write(f"{time.monotonic() - t0:.2f} {hwm} {ru.ru_utime:.2f} {ru.ru_stime:.2f}\n")
sys.exit(code if code >= 0 else 128 - code)
EOF
}

# fake_wait ERRFILE: waits for the fake Graph server started in the background
# as $fake_pid with --port-file "$tmp/port"; sets url (ERRFILE shown if it died).
fake_wait() {
	i=0
	while [ ! -s "$tmp/port" ]; do
		i=$((i + 1))
		if [ "$i" -gt 400 ] || ! kill -0 "$fake_pid" 2>/dev/null; then
			cat "$1" >&2
			die "the fake Graph server did not start"
		fi
		sleep 0.05
	done
	url=http://127.0.0.1:$(cat "$tmp/port")
}
