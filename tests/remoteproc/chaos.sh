#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Chaos: remote 1 misbehaves at random (firmware chaos mode: every kind, seeded) while the
# host sends it traffic, one seed after another; remote 2 serves an echo client all along.
# After every seed: no kernel report (vm-run fails the run on one, and the seed's line
# before it names the seed), every sysfs access returns within its limit, the remote is
# either unaffected or was found out (crashed and recovered), a stop returns in time and a
# new boot talks, every echo verified; remote 2's client lost nothing. vm-run's kmemleak
# scan ends the run. Arguments: SEED:KINDS pairs (KINDS: AMP_FW_CHAOS_* of fw_ctl.h); make
# check runs each kind alone, then all of them, under a few seeds; make soak many more.
# vm-run: --smp 3 --timeout 900
# check: debug
. /amp/tests/rpmsg/lib.sh
set -e
SEEDS=${*:-"1:0x1 2:0x2 3:0x4 4:0x8 5:0x10 6:0x20 7:0x40 8:0x80 9:0x100 10:0x200 11:0x400
	12:0x7ff 13:0x7ff 14:0x7ff 15:0x7ff"}
load_modules watchdog_ms=300
modprobe amp_virtio_rpmsg
modprobe amp_rpmsg_char
R2=$(rproc_of remoteproc-cpu2) || fail "no remoteproc for remoteproc-cpu2"
C=$(ls -d /sys/kernel/debug/amp_qemu_virt_rproc/*remoteproc-cpu1)/chaos

# raw_of DIR: the /dev node of the rpmsg-raw channel of the remote at DIR
raw_of() {
	local d
	d=$(ls -d "$1"/rproc-virtio.*/virtio*/virtio*.rpmsg-raw.*/rpmsg/rpmsg* 2>/dev/null | head -n 1)
	[ -n "$d" ] && [ -c "/dev/$(basename "$d")" ] && echo "/dev/$(basename "$d")"
}
# within SECONDS CMD...: CMD must return within SECONDS (a sysfs access that hangs fails
# the test); returns CMD's status
within() {
	local s=$1 rc=0
	shift
	timeout "$s" "$@" || rc=$?
	[ $rc != 124 ] && [ $rc != 143 ] || fail "'$*' did not return within $s s" >&3
	return $rc
}
exec 3>&1

echo start > "$R2/state"
wait_for 10 raw_of "$R2"
rpmsg-echo -D "$(raw_of "$R2")" -N 2000000000 -w 4 -q >/tmp/echo2.log 2>&1 &
echo2=$!

n=0
for run in $SEEDS; do
	seed=${run%%:*}
	kinds=${run#*:}
	echo "chaos: seed $seed kinds $kinds"
	dmesg -c >/dev/null
	within 10 sh -c "echo start > $R/state" || fail "seed $seed: start"
	wait_for 10 raw_of "$R"
	echo "$seed $kinds 32" > "$C"
	# traffic: the client may see anything (the remote may send garbage); it must end
	within 30 rpmsg-echo -D "$(raw_of "$R")" -N 300 -w 8 -t 1000 -q >/tmp/echo1.log 2>&1 ||
		true
	within 5 cat "$C" "$R/state" >/dev/null || fail "seed $seed: cannot read the state"
	# found out and recovered, or not touched: wait for whichever recovery is under way
	wait_for 15 sh -c "[ \"\$(timeout 5 cat $R/state)\" = running ]"
	echo "chaos: seed $seed: $(dmesg_count crashed) crashes;" \
		"$(dmesg | grep -m 1 -E 'remote broke|gave up|no heartbeat|exception|name service|no endpoint' |
		   sed 's/^\[[^]]*\] //')"
	within 10 sh -c "echo stop > $R/state" || fail "seed $seed: stop"
	state_is "$R" offline
	# a new boot talks
	within 10 sh -c "echo start > $R/state" || fail "seed $seed: start after stop"
	wait_for 10 raw_of "$R"
	within 30 rpmsg-echo -D "$(raw_of "$R")" -N 20 -q ||
		fail "seed $seed: no echo after a new boot"
	within 10 sh -c "echo stop > $R/state" || fail "seed $seed: last stop"
	kill -0 $echo2 || fail "seed $seed: remote 2's client ended: $(cat /tmp/echo2.log)"
	n=$((n + 1))
done
kill -TERM $echo2
wait $echo2 || fail "remote 2's client: $(cat /tmp/echo2.log)"
cat /tmp/echo2.log
grep -q " 0 mismatched, 0 lost, 0 reconnects" /tmp/echo2.log || fail "remote 2 was disturbed"
echo stop > "$R2/state"
rmmod amp_rpmsg_char
rmmod amp_virtio_rpmsg
rmmod amp_rpmsg
unload_modules
echo "PASS: $n seeds"
