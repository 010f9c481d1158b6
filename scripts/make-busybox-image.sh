#!/usr/bin/env bash
# Builds a local busybox:latest for the private docker engine (no registry is reachable here).
#
# The image is one layer made by `docker import` from a tarball that holds Debian's
# busybox-static binary, a hard link per applet in /bin (as the Docker Hub image does),
# and the few files that `docker run busybox sh -c ...`, `--user nobody` and
# `docker build FROM busybox` need: /etc/passwd, /etc/group, /tmp (1777), /root, /home, /var.
#
# Idempotent: if busybox:latest already exists it is left alone (pass --force to rebuild).
# Uses DOCKER_HOST (default: the project's private engine) and DOCKER_CLI (default: Debian's
# /usr/bin/docker, the client that matches the Debian daemon).
set -euo pipefail

export DOCKER_HOST="${DOCKER_HOST:-unix:///tmp/hv-docker/docker.sock}"
DOCKER="${DOCKER_CLI:-/usr/bin/docker}"
BUSYBOX="${BUSYBOX:-/usr/bin/busybox}"
IMAGE="busybox:latest"
# A label lets the recorder and people tell this image from a pulled one.
LABEL_KEY="org.hypervisual.origin"
LABEL_VALUE="debian-busybox-static"

force=0
if [[ "${1:-}" == "--force" ]]; then force=1; fi

if [[ ! -x "$BUSYBOX" ]]; then
  echo "make-busybox-image: $BUSYBOX not found; run: apt-get install -y busybox-static" >&2
  exit 1
fi
if command -v file >/dev/null && ! file -b "$BUSYBOX" | grep -q 'statically linked'; then
  # A dynamically linked busybox would need libc in the image too.
  echo "make-busybox-image: $BUSYBOX is not statically linked (install busybox-static)" >&2
  exit 1
fi

if [[ $force -eq 0 ]] && "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "make-busybox-image: $IMAGE already exists ($("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE")); --force rebuilds it"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{bin,etc,home,root,tmp,usr/sbin,usr/bin,var/spool/mail,var/www}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"

cp "$BUSYBOX" "$root/bin/busybox"
chmod 755 "$root/bin/busybox"
# One hard link per applet, all in /bin like the Docker Hub image (its layer stays one file big).
"$BUSYBOX" --list | sort | while read -r applet; do
  [[ "$applet" == "busybox" ]] && continue
  ln "$root/bin/busybox" "$root/bin/$applet"
done

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
mail:x:12:
www-data:x:33:
operator:x:37:
staff:x:50:
users:x:100:
nogroup:x:65534:
EOF
cat >"$root/etc/shadow" <<'EOF'
root:*::0:::::
daemon:*::0:::::
bin:*::0:::::
sys:*::0:::::
sync:*::0:::::
mail:*::0:::::
www-data:*::0:::::
operator:*::0:::::
nobody:*::0:::::
EOF
chmod 640 "$root/etc/shadow"

# Fixed owner and mtime so the tarball (and so the layer diff ID) is the same on every run
# with the same busybox binary.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2024-01-01 00:00:00Z' \
  -C "$root" -cf "$work/rootfs.tar" .

"$DOCKER" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["sh"]' \
  --change "LABEL $LABEL_KEY=$LABEL_VALUE" \
  --message "busybox-static $("$BUSYBOX" | head -1 | awk '{print $2}') from Debian" \
  "$work/rootfs.tar" "$IMAGE"
echo "make-busybox-image: built $IMAGE ($("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE"))"
