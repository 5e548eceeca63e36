#!/bin/sh
test_description='osfp-pcap-flows --stream on live input: a capture that
arrives slowly through a FIFO gives its flow rows as the flows end, not at
the end; SIGTERM and SIGINT write what is pending and exit 0; with network
namespaces, tcpdump on a veth pair piped into it while connections are made'
. "$(dirname "$0")/test-lib.sh"

LAB="$OSFP_ROOT/data/lab/sample.pcapng"
IV=0.26060335636138915
size=$(wc -c <"$LAB")
half=$((size / 2))

# rows FILE: the data rows in FILE so far
rows() {
	n=$(wc -l <"$1" 2>/dev/null || echo 1)
	echo $((n > 0 ? n - 1 : 0))
}

# wait_stable FILE: until FILE has rows and their number has not changed
# for a second (at most 60 s): the reader has written what it can
wait_stable() {
	i=0 last=-1
	while test $i -lt 60; do
		n=$(rows "$1")
		test "$n" -gt 0 && test "$n" = "$last" && return 0
		last=$n
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# canon FILE: the flows, each renumbered by its first row's packet and
# sorted by it (as in t2040): batch and stream agree on this
canon() {
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
		("f" $1) != cur { cur = "f" $1; first = $7 } { $1 = first; print }' "$1" >"$1.k" &&
	head -n 1 "$1.k" &&
	tail -n +2 "$1.k" | sort -t, -k1,1n -s
}

# test_skip 'what' 'why': a test that cannot run here, said in TAP
test_skip() {
	test_count=$((test_count + 1))
	test_skipped=$((test_skipped + 1))
	say "ok $test_count # skip $1 ($2)"
}

# The first half of the lab sample, then once the reader's rows have
# stopped coming (or after 60 s) their count and a marker file, then the
# rest: whether rows came before the rest was sent is known without a
# clock.
slow_writer() {
	(head -c $half "$LAB"
	wait_stable out.csv
	rows out.csv >during
	touch resumed
	tail -c +$((half + 1)) "$LAB") >in.fifo &
}

# osfp-pcap-flows --stream ARGS in the background ($pid), SIGINT not
# ignored (a shell's background jobs ignore it, and the program keeps an
# ignored signal ignored); flows_wait: its status to rc
flows_bg() {
	/usr/bin/python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' osfp-pcap-flows --stream "$@" >out.csv 2>err &
	pid=$!
}
flows_wait() {
	wait $pid
	echo $? >rc
}

test_expect_success 'setup: the flows of the lab sample and of its first half' '
	osfp-pcap-flows --interval $IV "$LAB" >all.csv &&
	canon all.csv >all.k &&
	head -c $half "$LAB" >half.pcapng &&
	test_expect_code 1 osfp-pcap-flows --stream --interval $IV half.pcapng >half.csv 2>/dev/null &&
	canon half.csv >half.k &&
	test $(rows half.csv) -gt 10000
'

test_expect_success 'a slow writer: flow rows come while the rest of the capture is awaited' '
	mkfifo in.fifo &&
	: >out.csv &&
	slow_writer &&
	osfp-pcap-flows --stream --interval $IV in.fifo >out.csv 2>err &&
	wait &&
	test ! -s err &&
	test -e resumed &&
	test "$(cat during)" -gt 10000 &&
	test "$(cat during)" -lt $(rows half.csv) &&
	canon out.csv >out.k &&
	test_cmp all.k out.k
'
rm -f in.fifo resumed

# The writer sends the first half and keeps the FIFO open until told (at
# most 2 minutes: a stage that does not stop then sees the end of input).
held_writer() {
	(cat half.pcapng
	i=0
	while ! test -e release && test $i -lt 1200; do
		sleep 0.1
		i=$((i + 1))
	done) >in.fifo &
}

for sig in TERM INT; do
	test_expect_success "SIG$sig mid-stream: what is pending is written, exit 0" '
		rm -f in.fifo release && mkfifo in.fifo &&
		: >out.csv &&
		held_writer &&
		flows_bg --interval $IV in.fifo &&
		wait_stable out.csv &&
		before=$(rows out.csv) &&
		kill -'$sig' $pid &&
		flows_wait &&
		touch release &&
		wait &&
		test "$(cat rc)" = 0 &&
		test ! -s err &&
		test "$(rows out.csv)" -gt "$before" &&
		canon out.csv >out.k &&
		test_cmp half.k out.k
	'
done
rm -f in.fifo release

# ---- a live interface: tcpdump on one end of a veth pair

ns=osfpns$$
va=osfa$$
vb=osfb$$
net=10.254.$(($$ % 200 + 20))
cleanup_net() {
	ip netns del $ns 2>/dev/null
	ip link del $va 2>/dev/null
}

netns_why=
if ! command -v tcpdump >/dev/null 2>&1; then
	netns_why="no tcpdump"
elif ! command -v ip >/dev/null 2>&1; then
	netns_why="no ip(8)"
elif ! ip netns add $ns 2>netns.err; then
	netns_why="network namespaces not allowed here: $(head -n 1 netns.err)"
elif ! { ip link add $va type veth peer name $vb &&
	ip link set $vb netns $ns &&
	ip addr add $net.1/24 dev $va && ip link set $va up &&
	ip netns exec $ns ip addr add $net.2/24 dev $vb &&
	ip netns exec $ns ip link set $vb up &&
	ip netns exec $ns ip link set lo up; } 2>netns.err; then
	netns_why="cannot make a veth pair: $(head -n 1 netns.err)"
	cleanup_net
fi

# A TCP server in the namespace that answers each of 3 connections; from
# here, 3 connections, then a UDP packet every 0.2 s (it moves the capture
# clock on, so that the connections' flows end) until the rows come.
server() {
	ip netns exec $ns /usr/bin/python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 8080))
s.listen(5)
s.settimeout(60)
for i in range(3):
    c, _ = s.accept()
    c.sendall(c.recv(100) + b" back")
    c.close()
' $net.2 &
}
clients() {
	/usr/bin/python3 -c '
import os, socket, sys, time
for i in range(3):
    for a in range(100):
        try:
            c = socket.create_connection((sys.argv[1], 8080), timeout=5)
            break
        except OSError:
            time.sleep(0.1)
    c.sendall(b"hello %d" % i)
    c.recv(100)
    c.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(300):
    u.sendto(b"tick", (sys.argv[1], 9999))
    time.sleep(0.2)
    if os.path.exists("stop"):
        break
' $net.2
}

if test -n "$netns_why"; then
	test_skip 'live: tcpdump on a veth pair into osfp-pcap-flows --stream' "$netns_why"
else
	trap cleanup_net EXIT
	test_expect_success 'live: tcpdump -U -w - on a veth pair into osfp-pcap-flows --stream' '
		rm -f in.fifo stop && mkfifo in.fifo &&
		: >out.csv &&
		flows_bg --interval 1 in.fifo &&
		tcpdump -i $va -U -w - >in.fifo 2>tcpdump.err &
		tpid=$! &&
		i=0 &&
		while ! grep -q "listening on" tcpdump.err && test $i -lt 100; do
			sleep 0.1; i=$((i + 1))
		done &&
		server &&
		{ clients & } &&
		i=0 &&
		while test $(grep -c ",$net.1,$net.2,[0-9]*,8080,6," out.csv) -lt 6 && test $i -lt 300; do
			sleep 0.1; i=$((i + 1))
		done &&
		grep ",$net.1,$net.2,[0-9]*,8080,6," out.csv >live &&
		touch stop &&
		kill -INT $tpid &&
		flows_wait &&
		wait &&
		test "$(cat rc)" = 0 &&
		test ! -s err &&
		test $(cut -d, -f4 live | sort -u | wc -l) = 3
	'
	cleanup_net
fi

test_done
