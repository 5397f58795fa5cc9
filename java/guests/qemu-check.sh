#!/bin/sh
# Cross-checks the guests against a reference VMM: boots each under QEMU (TCG
# works; no KVM needed): the bzImages through the 16-bit boot protocol trampoline
# in the setup sector (boot/realmode.S), the PVH ELF images through their PVH
# note, which QEMU's -kernel honours too. Usage: qemu-check.sh <dir with the images>.
# QEMU's isa-debug-exit exits with (value << 1) | 1, so guest status 0 is 1 here;
# a reset with -no-reboot exits 0.
set -u
dir=$1
fail=0

run() {	# run <expected qemu status> <image file> <cmdline> [qemu args...]
	want=$1 img=$2 cmdline=$3
	shift 3
	out=$(timeout 120 qemu-system-x86_64 -kernel "$dir/$img" -append "$cmdline" \
		-display none -serial stdio -no-reboot -m 256 \
		-device isa-debug-exit,iobase=0xf4,iosize=1 "$@" </dev/null 2>&1)
	got=$?
	if [ "$got" = "$want" ]; then
		echo "PASS $img $cmdline"
	else
		echo "FAIL $img $cmdline: QEMU exit status $got, want $want"
		echo "$out" | sed 's/^/    /'
		fail=1
	fi
}

size=$(wc -c < "$dir/hello.bzImage" | tr -d ' ')
run 1 hello.bzImage ""
run 1 boot-state.bzImage "jhyve.token=qemu expect.initrd_size=$size" -initrd "$dir/hello.bzImage"
run 1 pvh-state.elf "jhyve.token=qemu expect.initrd_size=$size" -initrd "$dir/hello.bzImage"
run 1 pvh-state.elf "" -m 5120
run 1 timer.bzImage ""
# QEMU's 16550A does not gate its interrupt with MCR.OUT2; no host input here.
run 1 uart.bzImage "uart.input=none uart.out2=ungated"
run 0 reset.bzImage "reset=i8042"
run 0 reset.bzImage "reset=triple"
run 1 reset.bzImage "reset=debug-exit"
run 0 printk-ring.bzImage "printk.end=triple"
run 1 mmio-forms.bzImage ""
run 1 mmio-forms.bzImage "" -cpu max	# with 1 GiB pages
exit $fail
