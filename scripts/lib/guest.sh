#!/usr/bin/env bash
# scripts/lib/guest.sh - the real races inside QEMU guests, one boot per kernel. Called by scripts/truth --kernel.
#
# Usage: guest.sh --racer FILE --lines FILE [--modules DIR] [--iterations N] [--race IDS] [--seed N]
#                 [--guest-fs ext4,ext4-nodelalloc,xfs,btrfs] KERNEL...
#        guest.sh --clean
#
# KERNEL is a Debian kernel series (5.10, 6.1, 6.12, 7.2: fetched into the cache with a private apt
# configuration) or the path of a bzImage (then --modules DIR, a lib/modules/<release> tree, is required).
# For each kernel: a busybox initramfs with the racer and the kernel's own modules (virtio_blk, ext4, xfs,
# btrfs and what they need, from modules.dep and modules.softdep, unpacked on the host), fresh filesystem
# images (ext4, ext4 with 1k blocks mounted nodelalloc, xfs, btrfs; tmpfs inside the guest), ONE boot under
# qemu-system-x86_64 (KVM if /dev/kvm boots a guest within GUEST_KVM_PROBE_SECONDS, else TCG), every filesystem
# x race in that boot, and the racer's JSON lines appended to --lines, followed by one {"guest": ...} line:
# kernel release, accelerator, wall and boot seconds. Debian's kernels are unpacked with dpkg-deb -x and
# their modules.dep made with depmod -b (the packages leave that to their postinst). The guest console goes to a *-console.log beside --lines.
# On exit, Ctrl-C or SIGTERM: qemu killed, temp dir removed. Nothing is mounted or attached on the host.
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/pagerace/kernels (apt state, .debs, unpacked kernels). --clean removes it.
set -euo pipefail

readonly CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pagerace/kernels"
readonly IMAGE_SIZE=512M
readonly KVM_PROBE_SECONDS=${GUEST_KVM_PROBE_SECONDS:-8}
readonly GUEST_TIMEOUT=${GUEST_TIMEOUT_SECONDS:-1800}
# Modules the guest needs by name (each with its modules.dep closure); a name the kernel lacks is built in.
# The crypto ones first: libcrc32c (xfs, btrfs) and btrfs look their algorithms up when they load, and their
# softdeps name them by alias (crypto-crc32c), which this resolution does not follow.
readonly WANTED_MODULES="crc32c_generic crc32c_intel xxhash_generic blake2b_generic sha256_generic libcrc32c
	virtio_pci virtio_blk ext4 xfs btrfs"
# The filesystems, in the order of their virtio disks (vda, vdb, ...): name, mkfs command, mount options.
# mkfs options are ones the oldest kernel (5.10) mounts: ext4 without orphan_file (5.15), xfs without nrext64
# (5.19), reflink, bigtime or inobtcount.
FS_NAMES=(ext4 ext4-nodelalloc xfs btrfs)

say() { printf 'truth: %s\n' "$*" >&2; }
usage_error() { printf 'truth: %s\n' "$*" >&2; exit 2; }
env_error() { printf 'truth: %s\n' "$*" >&2; exit 2; }

racer="" lines="" modules_dir="" iterations=2000 races="" seed=1 clean=0
kernels=()
while (($#)); do
	case $1 in
	--racer) racer=$2; shift 2 ;;
	--lines) lines=$2; shift 2 ;;
	--modules) modules_dir=$2; shift 2 ;;
	--iterations) iterations=$2; shift 2 ;;
	--race) races=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--guest-fs) IFS=, read -r -a FS_NAMES <<<"$2"; shift 2 ;;
	--clean) clean=1; shift ;;
	-*) usage_error "guest: unknown option $1" ;;
	*) kernels+=("$1"); shift ;;
	esac
done

if ((clean)); then
	rm -rf --one-file-system "$CACHE"
	say "removed $CACHE"
	exit 0
fi
[[ -n $racer && -x $racer ]] || usage_error "guest: --racer FILE (an executable) is required"
[[ -n $lines ]] || usage_error "guest: --lines FILE is required"
((${#kernels[@]})) || usage_error "guest: no kernel given"
[[ $iterations =~ ^[0-9]+$ ]] && ((iterations >= 1)) || usage_error "--iterations must be a number >= 1"
[[ $seed =~ ^[0-9]+$ ]] || usage_error "--seed must be a number >= 0"
for fs in "${FS_NAMES[@]}"; do
	[[ " ext4 ext4-nodelalloc xfs btrfs " == *" $fs "* ]] ||
		usage_error "--guest-fs: unknown filesystem '$fs' (valid: ext4, ext4-nodelalloc, xfs, btrfs; tmpfs is always raced)"
done
readonly FS_NAMES

workdir="" qemu_pid=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $qemu_pid ]] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill -TERM "$qemu_pid" 2>/dev/null || true
		wait "$qemu_pid" 2>/dev/null || true
	fi
	[[ -n $workdir ]] && rm -rf --one-file-system "$workdir"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
workdir=$(mktemp -d "${TMPDIR:-/tmp}/pagerace-guest.XXXXXX")

# ---- host tools, from Debian's packages ----

ensure_tools() {
	local missing=() pair cmd pkg
	for pair in qemu-system-x86_64:qemu-system-x86 cpio:cpio mkfs.xfs:xfsprogs mkfs.btrfs:btrfs-progs \
		mkfs.ext4:e2fsprogs depmod:kmod xz:xz-utils zstd:zstd dpkg-deb:dpkg apt-get:apt; do
		cmd=${pair%%:*} pkg=${pair#*:}
		command -v "$cmd" >/dev/null || missing+=("$pkg")
	done
	[[ -x /bin/busybox ]] && file_is_static /bin/busybox || missing+=(busybox-static)
	((${#missing[@]} == 0)) && return 0
	((EUID == 0)) || env_error "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
	say "installing ${missing[*]}"
	apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
		{ apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; } ||
		env_error "apt-get install ${missing[*]} failed"
}

file_is_static() { ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'; }

# ---- Debian kernels, through a private apt configuration ----

apt_private() { # apt_private CMD ARGS...: apt-get/apt-cache with their own sources, lists and cache only
	local cmd=$1
	shift
	"$cmd" -o Dir::Etc::sourcelist="$CACHE/apt/sources.list" -o Dir::Etc::sourceparts="$CACHE/apt/sources.list.d" \
		-o Dir::State="$CACHE/apt/state" -o Dir::State::lists="$CACHE/apt/lists" \
		-o Dir::State::status=/var/lib/dpkg/status -o Dir::Cache="$CACHE/apt/cache" \
		-o Dir::Cache::archives="$CACHE/apt/cache/archives" -o Debug::NoLocking=1 -o APT::Sandbox::User=root \
		-o APT::Architecture=amd64 -o Acquire::Languages=none "$@"
}

# The Debian mirror the system's own apt configuration uses (so that whatever proxy or mirror this machine
# reaches works here too); deb.debian.org if none is found.
system_mirror() {
	local m
	m=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
		/etc/apt/sources.list.d/*.list 2>/dev/null |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ')
	echo "${m:-http://deb.debian.org/debian}"
}

readonly SUITES="bullseye bookworm bookworm-backports trixie sid"

apt_setup() {
	[[ -f $CACHE/apt/updated ]] && [[ -n $(find "$CACHE/apt/updated" -mmin -1440) ]] && return 0
	local mirror suite
	mirror=$(system_mirror)
	mkdir -p "$CACHE/apt/sources.list.d" "$CACHE/apt/state" "$CACHE/apt/lists/partial" \
		"$CACHE/apt/cache/archives/partial"
	: >"$CACHE/apt/sources.list"
	for suite in $SUITES; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} $suite main" \
			>>"$CACHE/apt/sources.list"
	done
	say "apt-get update (private lists in $CACHE/apt; suites: $SUITES)"
	apt_private apt-get -q update >&2 || env_error "apt-get update of the private kernel sources failed"
	touch "$CACHE/apt/updated"
}

# Prints "VERSION SUITE" of linux-image-amd64 whose version starts with SERIES (e.g. 6.12 -> bookworm-backports
# or trixie, the first listed by apt-cache madison, i.e. the newest).
kernel_candidate() {
	apt_private apt-cache madison linux-image-amd64 |
		awk -F'|' -v s="$1" '{ gsub(/ /, "", $2); split($3, u, " "); if (index($2, s ".") == 1) { print $2, u[2]; exit } }'
}

# fetch_debian SERIES: sets kdir to the unpacked kernel (vmlinuz, modules/<release>)
fetch_debian() {
	local series=$1 version suite image deps p debs=() d
	kdir="$CACHE/$series"
	if [[ -f $kdir/ready ]]; then
		return 0
	fi
	apt_setup
	read -r version suite < <(kernel_candidate "$series") ||
		env_error "no Debian kernel $series.x in $SUITES (apt-cache madison linux-image-amd64)"
	[[ -n $version ]] || env_error "no Debian kernel $series.x in $SUITES"
	image=$(apt_private apt-cache show "linux-image-amd64=$version" | sed -n 's/^Depends: //p' | head -1 |
		tr ',' '\n' | grep -oE 'linux-image-[0-9][^ ]*' | head -1)
	[[ -n $image ]] || env_error "linux-image-amd64=$version ($suite) names no kernel image package"
	# Newer packages split the image: linux-image-R depends on linux-binary-R (vmlinuz) and linux-modules-R.
	deps=$(apt_private apt-cache show "$image=$version" | sed -n 's/^Depends: //p' | head -1 | tr ',' '\n' |
		grep -oE 'linux-(binary|modules)-[0-9][^ ]*' || true)
	rm -rf "$kdir.tmp"
	mkdir -p "$kdir.tmp/debs" "$kdir.tmp/root"
	say "$series: $image $version from $suite${deps:+ (with $(echo $deps))}"
	for p in $image $deps; do
		(cd "$kdir.tmp/debs" && apt_private apt-get -q download "$p=$version" >&2) ||
			env_error "apt-get download $p=$version failed"
	done
	for d in "$kdir.tmp/debs"/*.deb; do
		dpkg-deb -x "$d" "$kdir.tmp/root"
	done
	local vmlinuz moddir
	# /boot/vmlinuz-R, or (newer packages) /usr/lib/modules/R/vmlinuz
	vmlinuz=$(find "$kdir.tmp/root/boot" "$kdir.tmp/root/lib/modules" "$kdir.tmp/root/usr/lib/modules" -maxdepth 2 \
		\( -name 'vmlinuz-*' -o -name vmlinuz \) 2>/dev/null | head -1 || true)
	moddir=$(find "$kdir.tmp/root/lib/modules" "$kdir.tmp/root/usr/lib/modules" -mindepth 1 -maxdepth 1 -type d \
		2>/dev/null | head -1 || true)
	[[ -n $vmlinuz && -n $moddir ]] || env_error "$image $version: no vmlinuz or modules in the packages"
	local release
	release=$(basename "$moddir")
	mkdir -p "$kdir.tmp/kernel/lib/modules"
	mv "$vmlinuz" "$kdir.tmp/kernel/vmlinuz"
	mv "$moddir" "$kdir.tmp/kernel/lib/modules/$release"
	# Debian's packages leave modules.dep to depmod at install time.
	depmod -b "$kdir.tmp/kernel" "$release" || env_error "depmod of $release failed"
	echo "$release" >"$kdir.tmp/kernel/release"
	echo "$image $version $suite" >"$kdir.tmp/kernel/package"
	rm -rf "$kdir"
	mv "$kdir.tmp/kernel" "$kdir"
	rm -rf "$kdir.tmp"
	touch "$kdir/ready"
}

# ---- the initramfs ----

# module_closure MODDIR NAME...: prints the module files (relative to MODDIR) to load, dependencies first.
module_closure() {
	local moddir=$1
	shift
	awk -v wanted="$*" -v softdep="$moddir/modules.softdep" '
		function norm(s) { sub(/.*\//, "", s); sub(/\.ko(\.(xz|zst|gz))?$/, "", s); gsub(/-/, "_", s); return s }
		function load(n,   i, k, d) {
			if (!(n in path) || (n in done)) return
			done[n] = 1
			if (n in pre) { k = split(pre[n], d, " "); for (i = 1; i <= k; i++) load(norm(d[i])) }
			k = split(deps[n], d, " ")
			for (i = k; i >= 1; i--) load(norm(d[i]))
			print path[n]
		}
		BEGIN {
			while ((getline line < softdep) > 0) {
				if (line !~ /^softdep /) continue
				nf = split(line, f, " ")
				n = norm(f[2]); s = ""
				for (i = 3; i <= nf; i++) { if (f[i] == "post:") break; if (f[i] != "pre:") s = s " " f[i] }
				pre[n] = s
			}
		}
		{ m = $1; sub(/:$/, "", m); n = norm(m); path[n] = m; $1 = ""; deps[n] = $0 }
		END { k = split(wanted, w, " "); for (i = 1; i <= k; i++) load(norm(w[i])) }
	' "$moddir/modules.dep"
}

# build_initramfs MODDIR OUT: busybox, the racer, the modules (uncompressed), /init
build_initramfs() {
	local moddir=$1 out=$2 root="$workdir/initramfs" m base
	rm -rf "$root"
	mkdir -p "$root"/{bin,dev,proc,sys,mnt,tmp,lib/modules}
	cp /bin/busybox "$root/bin/busybox"
	cp "$racer" "$root/bin/pagerace-racer"
	[[ -f $moddir/modules.dep ]] || env_error "$moddir: no modules.dep (a lib/modules/<release> tree is needed)"
	: >"$root/lib/modules/load"
	while read -r m; do
		base=$(basename "$m")
		case $m in
		*.ko.xz) xz -dc "$moddir/$m" >"$root/lib/modules/${base%.xz}"; base=${base%.xz} ;;
		*.ko.zst) zstd -q -dc "$moddir/$m" >"$root/lib/modules/${base%.zst}"; base=${base%.zst} ;;
		*.ko.gz) gzip -dc "$moddir/$m" >"$root/lib/modules/${base%.gz}"; base=${base%.gz} ;;
		*) cp "$moddir/$m" "$root/lib/modules/$base" ;;
		esac
		echo "$base" >>"$root/lib/modules/load"
	done < <(module_closure "$moddir" $WANTED_MODULES)
	cat >"$root/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
out=/dev/ttyS1
up() { cut -d' ' -f1 /proc/uptime; }
echo "# init \$(up)" >\$out
echo "# release \$(uname -r)" >\$out
for m in \$(cat /lib/modules/load); do insmod /lib/modules/\$m 2>/dev/null || echo "# insmod \$m failed" >\$out; done
dirs=""
i=0
for fs in ${FS_NAMES[*]}; do
	dev=/dev/vd\$(echo abcdefgh | cut -c\$((i + 1)))
	i=\$((i + 1))
	mkdir -p /mnt/\$fs
	case \$fs in
	ext4-nodelalloc) t=ext4; o=nodelalloc ;;
	*) t=\$fs; o=defaults ;;
	esac
	if mount -t \$t -o \$o \$dev /mnt/\$fs 2>/tmp/err; then
		dirs="\$dirs /mnt/\$fs"
	else
		echo "# mount \$fs (\$dev): \$(cat /tmp/err)" >\$out
	fi
done
mkdir -p /mnt/tmpfs && mount -t tmpfs -o size=256m tmpfs /mnt/tmpfs && dirs="\$dirs /mnt/tmpfs"
echo "# racing \$(up)" >\$out
/bin/pagerace-racer --barrier-spins ${GUEST_BARRIER_SPINS:-64} --iterations $iterations --seed $seed ${races:+--race $races} \$dirs >\$out 2>/tmp/racer.err
echo "# racer-exit \$? \$(up) \$(head -c 300 /tmp/racer.err | tr '\n' ' ')" >\$out
for d in \$dirs; do umount \$d; done
sync
echo "# done \$(up)" >\$out
poweroff -f
EOF
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
}

make_images() { # make_images DIR: one fresh image per filesystem, options the oldest kernel mounts
	local dir=$1 fs img
	for fs in "${FS_NAMES[@]}"; do
		img="$dir/$fs.img"
		rm -f "$img"
		truncate -s "$IMAGE_SIZE" "$img"
		case $fs in
		ext4) mkfs.ext4 -q -F -O ^orphan_file "$img" ;;
		ext4-nodelalloc) mkfs.ext4 -q -F -b 1024 -O ^orphan_file "$img" ;;
		xfs) mkfs.xfs -q -f -m reflink=0,bigtime=0,inobtcount=0 -i nrext64=0 "$img" 2>/dev/null ||
			mkfs.xfs -q -f -m reflink=0 "$img" ;;
		btrfs) mkfs.btrfs -q -f "$img" ;;
		esac >"$dir/mkfs.log" 2>&1 || { cat "$dir/mkfs.log" >&2; env_error "mkfs of $fs failed"; }
	done
}

# ---- booting ----

# run_qemu ACCEL KERNEL INITRD RESULTS CONSOLE: starts qemu in the background, sets qemu_pid
run_qemu() {
	local accel=$1 kernel=$2 initrd=$3 results=$4 console=$5 fs drives=()
	for fs in "${FS_NAMES[@]}"; do
		drives+=(-drive "file=$workdir/$fs.img,format=raw,if=virtio,cache=unsafe")
	done
	# Under KVM the host's CPU without IA32_ARCH_CAPABILITIES (MSR 0x10a), which nested hypervisors refuse.
	local cpu=max accel_opt=tcg,thread=multi
	[[ $accel == kvm ]] && cpu=host,-arch-capabilities accel_opt=kvm
	qemu-system-x86_64 -accel "$accel_opt" -cpu "$cpu" -smp 2 -m 1G -nographic -no-reboot \
		-kernel "$kernel" -initrd "$initrd" -append "console=ttyS0 rdinit=/init panic=-1 quiet" \
		"${drives[@]}" -serial "file:$console" -serial "file:$results" -monitor none \
		</dev/null >/dev/null 2>"$workdir/qemu.err" &
	qemu_pid=$!
}

# wait_for FILE PATTERN SECONDS: waits until FILE has a line matching PATTERN while qemu runs
wait_for() {
	local file=$1 pattern=$2 deadline=$((SECONDS + $3))
	while ((SECONDS < deadline)); do
		grep -q "$pattern" "$file" 2>/dev/null && return 0
		kill -0 "$qemu_pid" 2>/dev/null || { grep -q "$pattern" "$file" 2>/dev/null; return; }
		sleep 0.2
	done
	return 1
}

stop_qemu() {
	if [[ -n $qemu_pid ]]; then
		kill -TERM "$qemu_pid" 2>/dev/null || true
		wait "$qemu_pid" 2>/dev/null || true
		qemu_pid=""
	fi
}

accel="" # decided once per run, on the first kernel
choose_accel() { # choose_accel KERNEL INITRD
	[[ -n $accel ]] && return 0
	accel=tcg
	if [[ -r /dev/kvm && -w /dev/kvm ]]; then
		make_images "$workdir"
		run_qemu kvm "$1" "$2" "$workdir/probe.out" "$workdir/probe.console"
		if wait_for "$workdir/probe.out" '^# init' "$KVM_PROBE_SECONDS"; then
			accel=kvm
		else
			say "KVM: the guest did not reach its init within ${KVM_PROBE_SECONDS}s ($(tail -c 200 "$workdir/qemu.err" |
				tr '\n' ' ' | grep . || echo "it stalled in early boot")); using TCG"
		fi
		stop_qemu
	fi
}

# boot_one LABEL VMLINUZ MODDIR SOURCE: one boot, every filesystem x race; appends to $lines
boot_one() {
	local label=$1 vmlinuz=$2 moddir=$3 source=$4 initrd="$workdir/initramfs.cpio.gz" results="$workdir/results.out"
	local console="${lines%.*}-$label-console.log" t0 t1 rc
	build_initramfs "$moddir" "$initrd"
	choose_accel "$vmlinuz" "$initrd"
	make_images "$workdir"
	: >"$results"
	t0=$(date +%s.%N)
	run_qemu "$accel" "$vmlinuz" "$initrd" "$results" "$console"
	say "$label: booting $(basename "$vmlinuz") under ${accel^^} (console: $console)"
	if ! wait_for "$results" '^# done' "$GUEST_TIMEOUT"; then
		stop_qemu
		say "$label: the guest did not finish within ${GUEST_TIMEOUT}s or died; its console: $console"
		tr -d '\r' <"$results" | grep '^{' >>"$lines" || true
		return 1
	fi
	wait "$qemu_pid" 2>/dev/null || true
	qemu_pid=""
	t1=$(date +%s.%N)
	# The guest's tty turns each \n into \r\n.
	tr -d '\r' <"$results" >"$results.tmp" && mv "$results.tmp" "$results"
	grep '^# \(mount\|insmod\|racer-exit\)' "$results" | sed "s/^# /truth: $label: /" >&2 || true
	grep '^{' "$results" >>"$lines" || true
	# The guest line: wall time of the boot, and what of it was not racing (firmware, kernel boot, module
	# loading, mounting, shutdown), from the guest's uptime at "racing" and at "racer-exit".
	awk -v label="$label" -v accel="$accel" -v t0="$t0" -v t1="$t1" -v pkg="$source" \
		-v n="$(grep -c '^{' "$results")" '
		/^# init / { init = $3 } /^# racing / { racing = $3 } /^# racer-exit / { rexit = $4; rrc = $3 }
		/^# release / { rel = $3 }
		END {
			wall = t1 - t0; race = rexit - racing
			printf "{\"guest\":{\"label\":\"%s\",\"kernel\":\"%s\",\"package\":\"%s\",\"accel\":\"%s\",", label, rel, pkg, accel
			printf "\"wall_seconds\":%.2f,\"racing_seconds\":%.2f,\"boot_seconds\":%.2f,", wall, race, wall - race
			printf "\"uptime_at_init\":%.2f,\"rows\":%d,\"racer_exit\":%d}}\n", init, n, rrc
		}' "$results" >>"$lines"
	say "$label: done in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
}

ensure_tools
mkdir -p "$CACHE"
status=0
for k in "${kernels[@]}"; do
	if [[ $k =~ ^[0-9]+\.[0-9]+$ ]]; then
		fetch_debian "$k"
		boot_one "$k" "$kdir/vmlinuz" "$kdir/lib/modules/$(cat "$kdir/release")" "$(cat "$kdir/package")" || status=1
	else
		[[ -f $k ]] || usage_error "--kernel $k: neither a series like 6.1 nor a kernel image file"
		[[ -n $modules_dir ]] || usage_error "--kernel $k: --modules DIR (the kernel's lib/modules/<release>) is needed"
		[[ -f $modules_dir/modules.dep ]] || usage_error "--modules $modules_dir: no modules.dep there"
		boot_one "$(basename "$k")" "$k" "$modules_dir" "$(realpath "$k")" || status=1
	fi
done
exit "$status"
