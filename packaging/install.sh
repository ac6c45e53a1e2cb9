#!/bin/sh
# Install Post Editor for the current user, from the unpacked release tarball.
#
#     ./install.sh [PREFIX]
#
# Copies the program folder to PREFIX/app (PREFIX defaults to
# ${XDG_DATA_HOME:-$HOME/.local/share}/post-editor), links it as
# ~/.local/bin/post-editor (or $BIN_DIR/post-editor), then runs
# `post-editor install-desktop` for the menu entry, icons and metainfo.
# Running it again upgrades in place. Nothing outside your home is touched.
set -eu

usage() {
    sed -n '2,10s/^# \{0,1\}//p' "$0"
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    -*) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
esac
[ "$#" -le 1 ] || { usage >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
source_dir="$here/post-editor"
if [ ! -x "$source_dir/post-editor" ] || [ ! -d "$source_dir/_internal" ]; then
    echo "install.sh: $source_dir/post-editor not found; run this from the unpacked tarball" >&2
    exit 1
fi

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
case "$data_home" in /*) ;; *) data_home="$HOME/.local/share" ;; esac  # relative: ignored, as XDG says
prefix="${1:-$data_home/post-editor}"
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
app="$prefix/app"
bin_dir="${BIN_DIR:-$HOME/.local/bin}"

# Copy next to the old version first, then swap, so a failed copy leaves the old one working.
if [ -e "$app" ] && { [ ! -x "$app/post-editor" ] || [ ! -d "$app/_internal" ]; }; then
    echo "install.sh: $app exists and is not a Post Editor installation; not replacing it" >&2
    exit 1
fi
staging="$prefix/.app.new.$$"
trap 'rm -rf "$staging"' EXIT INT TERM
rm -rf "$staging"
cp -RP "$source_dir" "$staging"  # -P: keep the bundle's symlinks as links
if [ -e "$app" ]; then
    rm -rf "$prefix/.app.old"
    mv "$app" "$prefix/.app.old"
fi
mv "$staging" "$app"
rm -rf "$prefix/.app.old"
trap - EXIT INT TERM
echo "Installed Post Editor in $app"

mkdir -p "$bin_dir"
link="$bin_dir/post-editor"
if [ -e "$link" ] && [ ! -L "$link" ]; then
    echo "note: $link exists and is not a link; left as it is. Start Post Editor with $app/post-editor"
else
    ln -sfn "$app/post-editor" "$link"
    echo "Linked $link -> $app/post-editor"
fi
case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *) echo "note: $bin_dir is not on your PATH; add it (e.g. in ~/.profile) to type post-editor in a terminal" ;;
esac

if ! "$app/post-editor" install-desktop; then
    echo "note: 'post-editor install-desktop' did not work; the program is installed, but has no menu entry yet."
    echo "      Try again later with: $app/post-editor install-desktop"
fi
