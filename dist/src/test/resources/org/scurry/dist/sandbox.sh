#!/bin/sh
# A throw-away copy of this machine to install the .deb into for real (DebInstallIT, Sandbox.java).
# Run as root by `unshare --mount --net --pid --fork --kill-child sh sandbox.sh DIR DIST`, so that
# every mount below exists only in this new mount namespace and vanishes with it:
#   DIR/      a tmpfs holding the overlay's upper layer: every file written lands here, the host's
#             root file system (the read-only lower layer) is never written
#   DIR/root  the overlay: this machine's / as it is, copy-on-write; /proc, /dev, a fresh /tmp and
#             /run (no systemd: maintainer scripts see a system without it, as in a container)
#   DIST      bound read-only at DIR/root/mnt/scurry-dist (the .deb)
# The network namespace has only its own loopback, so the packaged defaults (ports 8470, 8471, 1883)
# collide with nothing. Prints "sandbox PID" (the host's pid of the process whose root is the
# sandbox, for nsenter), then holds the namespaces until its standard input ends (the test closes
# it, or the test's JVM died) or 15 minutes have passed, whichever is first. When it ends, the
# kernel ends every process in the pid namespace.
set -eu
dir=$1
dist=$2

mount --make-rprivate /
mount -t tmpfs -o size=2g,mode=0700 hpkg-sandbox "$dir"
mkdir "$dir/upper" "$dir/work" "$dir/root"
mount -t overlay hpkg-sandbox -o "lowerdir=/,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
root=$dir/root
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount -t tmpfs -o mode=0755 tmpfs "$root/run"
mkdir -p "$root/mnt/scurry-dist"
mount --bind "$dist" "$root/mnt/scurry-dist"
mount -o remount,bind,ro "$root/mnt/scurry-dist"
ip link set lo up

# This shell's pid as the host sees it (the host's /proc is still mounted here).
read -r pid rest </proc/self/stat
echo "sandbox $pid"
exec chroot "$root" timeout 900 cat >/dev/null
