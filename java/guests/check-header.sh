#!/bin/sh
# Prints and checks the setup header of one bzImage (Documentation/arch/x86/boot.rst).
# Usage: check-header.sh <image>. Needs only od and POSIX sh.
set -eu
img=$1
# u <offset> <bytes>: unsigned little-endian integer at a file offset
u() { od -An -j "$1" -N "$2" -t u"$2" "$img" | tr -d ' '; }
x() { printf '0x%x' "$(u "$1" "$2")"; }
fail=0
expect() {	# expect <field> <actual> <expected>
	if [ "$2" != "$3" ]; then echo "  BAD $1 = $2, want $3"; fail=1; fi
}

size=$(wc -c < "$img" | tr -d ' ')
setup_sects=$(u 0x1f1 1)
syssize=$(u 0x1f4 4)
setup_bytes=$(( (setup_sects + 1) * 512 ))
payload=$(( size - setup_bytes ))
hdrs=$(od -An -c -j 0x202 -N 4 "$img" | tr -d ' ')
kv_off=$(( $(u 0x20e 2) + 0x200 ))
kernel_version=$(dd if="$img" bs=1 skip=$kv_off count=64 2>/dev/null | tr '\0' '\n' | head -n 1)

echo "$img: $kernel_version"
echo "  boot_flag=$(x 0x1fe 2) header=$hdrs version=$(x 0x206 2) setup_sects=$setup_sects" \
	"syssize=$syssize (payload $payload bytes) init_size=$(x 0x260 4)"
echo "  loadflags=$(x 0x211 1) code32_start=$(x 0x214 4) xloadflags=$(x 0x236 2)" \
	"pref_address=$(x 0x258 8) kernel_alignment=$(x 0x230 4) cmdline_size=$(u 0x238 4)" \
	"initrd_addr_max=$(x 0x22c 4) kernel_info_offset=$(x 0x268 4)"

expect boot_flag "$(x 0x1fe 2)" 0xaa55
expect header "$hdrs" HdrS
expect version "$(x 0x206 2)" 0x20f
expect loadflags "$(x 0x211 1)" 0x1
expect code32_start "$(x 0x214 4)" 0x100000
expect relocatable_kernel "$(u 0x234 1)" 0
expect xloadflags "$(x 0x236 2)" 0x1
expect pref_address "$(x 0x258 8)" 0x100000
expect cmdline_size "$(u 0x238 4)" 2048
expect initrd_addr_max "$(x 0x22c 4)" 0x7fffffff
expect "syssize*16" "$(( syssize * 16 ))" "$payload"
[ "$(u 0x260 4)" -ge "$payload" ] || { echo "  BAD init_size < payload"; fail=1; }
ki=$(( setup_bytes + $(u 0x268 4) ))
expect kernel_info "$(od -An -c -j $ki -N 4 "$img" | tr -d ' ')" LToP
# The 64-bit entry must not start with padding: startup_64 is real code.
expect startup_64 "$(x $(( setup_bytes + 0x200 )) 1)" 0x48
exit $fail
