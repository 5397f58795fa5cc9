# shellcheck shell=bash
# Helpers shared by scripts/kvm-vm and scripts/fetch-guest.
#
# Both scripts need the same two Debian packages: the real kernel package
# behind the linux-image-amd64 meta package (for vmlinuz and, for kvm-vm, the
# .ko modules) and busybox-static (a static /bin/busybox for a tiny initramfs).
# Binaries are downloaded with `apt-get download` (works without root) and
# unpacked with `dpkg-deb -x`; they live only under ~/.cache/jhyve, never in
# the repository.
#
# Source this file; it defines jh_* functions and does not change shell options.

# Fixed location (not $XDG_CACHE_HOME): the Java tests look for ~/.cache/jhyve.
# shellcheck disable=SC2034 # used by the sourcing scripts
JH_CACHE_ROOT="$HOME/.cache/jhyve"

jh_log() { printf '%s: %s\n' "${JH_PROG:-jhyve}" "$*" >&2; }
jh_die() { printf '%s: error: %s\n' "${JH_PROG:-jhyve}" "$*" >&2; exit 1; }

# Fails with an explanation when apt/dpkg are not available (non-Debian host).
jh_require_apt() {
  local t
  for t in apt-get apt-cache dpkg-deb; do
    command -v "$t" >/dev/null 2>&1 ||
      jh_die "'$t' not found: this script needs a Debian/Ubuntu host (apt + dpkg)."
  done
}

# apt-cache only knows packages after `apt-get update` has filled the lists.
# As root we run it once ourselves; otherwise we tell the user what to do.
jh_apt_lists_ready() {
  if apt-cache show busybox-static >/dev/null 2>&1; then return 0; fi
  if [[ $EUID -eq 0 ]]; then
    jh_log "apt package lists are empty; running 'apt-get update' once"
    apt-get update -qq >&2 || jh_die "apt-get update failed"
    apt-cache show busybox-static >/dev/null 2>&1 && return 0
  fi
  jh_die "apt-cache does not know busybox-static; run 'sudo apt-get update' first"
}

# Candidate version of a package, e.g. 6.1.192-2.
jh_pkg_version() {
  apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}'
}

# The real kernel package linux-image-amd64 depends on, e.g.
# linux-image-6.1.0-56-amd64 (the meta package itself holds no kernel).
jh_kernel_pkg() {
  local p
  p=$(apt-cache depends linux-image-amd64 2>/dev/null |
      awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ {print $2; exit}')
  [[ -n $p ]] || jh_die "cannot resolve the kernel package behind linux-image-amd64 (apt-cache depends)"
  printf '%s\n' "$p"
}

# jh_fetch_extract PKG DESTDIR: download PKG's .deb into a temp dir and
# unpack it into DESTDIR (created). No root needed.
jh_fetch_extract() {
  local pkg=$1 dest=$2 tmp deb
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/jhyve-deb.XXXXXX")
  # As root, apt drops privileges to _apt for downloads, which cannot write to
  # a mktemp dir (0700) and prints a warning; download as root instead.
  local -a opts=(-q)
  [[ $EUID -eq 0 ]] && opts+=(-o APT::Sandbox::User=root)
  jh_log "downloading $pkg"
  if ! (cd "$tmp" && apt-get "${opts[@]}" download "$pkg" >&2); then
    rm -rf "$tmp"; jh_die "apt-get download $pkg failed (network to the Debian mirror?)"
  fi
  deb=$(ls "$tmp"/*.deb)
  mkdir -p "$dest"
  dpkg-deb -x "$deb" "$dest" || { rm -rf "$tmp"; jh_die "dpkg-deb -x $deb failed"; }
  rm -rf "$tmp"
}

# jh_mod_depends KOFILE: the module's `depends=` list, space separated.
# Read from the .modinfo strings directly, because the host may lack
# modinfo(8) (kmod) and the .deb ships no modules.dep (depmod runs at install).
jh_mod_depends() {
  tr '\0' '\n' <"$1" | sed -n 's/^depends=//p' | head -n1 | tr ',' ' '
}

# jh_mod_order MODDIR NAME...: print the .ko paths needed for NAMEs
# (module names, - or _ alike) with their dependencies first, each once.
jh_mod_order() {
  local moddir=$1; shift
  local -A seen=()
  local -a order=()
  _jh_mod_visit() {
    local name=${1//-/_} f d
    [[ -n ${seen[$name]:-} ]] && return 0
    seen[$name]=1
    f=$(find "$moddir" \( -name "$name.ko" -o -name "${name//_/-}.ko" \) -print -quit)
    [[ -n $f ]] || jh_die "kernel module $name not found under $moddir"
    for d in $(jh_mod_depends "$f"); do _jh_mod_visit "$d"; done
    order+=("$f")
  }
  local m
  for m in "$@"; do _jh_mod_visit "$m"; done
  printf '%s\n' "${order[@]}"
}

# jh_make_cpio SRCDIR OUT.cpio.gz BUSYBOX: gzip'd newc archive of SRCDIR,
# all files owned by root. Uses busybox's own cpio so the host needs no cpio.
jh_make_cpio() {
  local src=$1 out=$2 bb=$3
  (cd "$src" && find . -mindepth 1 | LC_ALL=C sort |
     "$bb" cpio -o -H newc -R 0:0 2>/dev/null) | gzip -9 >"$out.tmp"
  mv "$out.tmp" "$out"
}

# jh_extract_vmlinux BZIMAGE OUT: write the uncompressed ELF vmlinux inside an
# xz-compressed bzImage (Debian's CONFIG_KERNEL_XZ) to OUT; return 1 (and
# leave no OUT) if that is not possible. Booting the ELF via PVH skips SeaBIOS
# and the in-guest decompression: 6.9 s -> 3.2 s to power-off under QEMU TCG.
# Layout per Documentation/x86/boot.rst: setup_sects at 0x1f1, payload_offset
# (from the protected-mode code) at 0x248, payload_length at 0x24c; the
# payload ends with the uncompressed size (u32 LE, appended by the build).
jh_extract_vmlinux() {
  local bz=$1 out=$2 ss po pl start want
  command -v xz >/dev/null 2>&1 || return 1
  _jh_u(){ od -An -t "u$2" -j "$3" -N "$2" "$1" | tr -d ' '; }
  ss=$(_jh_u "$bz" 1 $((0x1f1))); ((ss)) || ss=4
  po=$(_jh_u "$bz" 4 $((0x248))); pl=$(_jh_u "$bz" 4 $((0x24c)))
  [[ -n $po && -n $pl ]] && ((pl > 4)) || return 1
  start=$(( (ss + 1) * 512 + po ))
  want=$(_jh_u "$bz" 4 $((start + pl - 4)))
  # Only xz payloads (magic fd 37 7a 58 5a 00) are handled.
  [[ $(od -An -t x1 -j "$start" -N 6 "$bz" | tr -d ' \n') == fd377a585a00 ]] || return 1
  # xz reports "unexpected end of input" on the trailing size field: ignore
  # its status and check the result instead (ELF magic, expected size).
  tail -c +$((start + 1)) "$bz" | head -c "$((pl - 4))" | xz -dc >"$out.tmp" 2>/dev/null || true
  if [[ $(head -c 4 "$out.tmp" | od -An -c | tr -d ' ') == '177ELF' &&
        $(stat -c %s "$out.tmp") == "$want" ]]; then
    mv "$out.tmp" "$out"
  else
    rm -f "$out.tmp"; return 1
  fi
}
