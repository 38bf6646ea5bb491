"""The canonical walk and the tree digest of a spider fixture (docs/digest.md).

Shared by the Python program cases. Only the standard library: XXH3-64 comes
from the system's libxxhash (Debian libxxhash0, which heapbound links too)
through ctypes, loaded at import so it is part of start-up, not reading.
"""

import ctypes
import json
import os
import struct
import sys

_XXH = ctypes.CDLL("libxxhash.so.0")
_XXH.XXH3_createState.restype = ctypes.c_void_p
_XXH.XXH3_64bits_reset.argtypes = [ctypes.c_void_p]
_XXH.XXH3_64bits_update.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
_XXH.XXH3_64bits_digest.argtypes = [ctypes.c_void_p]
_XXH.XXH3_64bits_digest.restype = ctypes.c_uint64


class _State:
    """One streaming XXH3-64 state."""

    def __init__(self):
        self._state = _XXH.XXH3_createState()
        self.reset()

    def reset(self):
        _XXH.XXH3_64bits_reset(self._state)

    def update(self, data, size=None):
        _XXH.XXH3_64bits_update(self._state, data, len(data) if size is None else size)

    def digest(self):
        return _XXH.XXH3_64bits_digest(self._state)


class TreeDigest:
    """tree digest = XXH3-64 over, per file in canonical order: its relative
    path, a NUL, its byte count and its XXH3-64 (8 bytes little-endian each)."""

    def __init__(self):
        self._tree = _State()
        self._file = _State()
        self._size = 0
        self.files = 0
        self.bytes = 0

    def begin_file(self):
        self._file.reset()
        self._size = 0

    def update(self, data, size=None):
        size = len(data) if size is None else size
        self._file.update(data, size)
        self._size += size

    def end_file(self, relative):
        self._tree.update(relative + b"\0")
        self._tree.update(struct.pack("<QQ", self._size, self._file.digest()))
        self.files += 1
        self.bytes += self._size

    def hexdigest(self):
        return "%016x" % self._tree.digest()


def walk(root, relative=b""):
    """Yields (path, relative path) of every regular file under root (bytes),
    depth first, each directory's entries sorted bytewise; symlinks are never
    followed, other file types never opened."""
    directory = os.path.join(root, relative) if relative else root
    with os.scandir(directory) as entries:
        names = sorted(entry.name for entry in entries)
    for name in names:
        child = relative + b"/" + name if relative else name
        path = os.path.join(root, child)
        info = os.lstat(path)
        if (info.st_mode & 0o170000) == 0o040000:
            yield from walk(root, child)
        elif (info.st_mode & 0o170000) == 0o100000:
            yield path, child


def main(read_file):
    """Runs a reader: read_file(path, digest) feeds every byte of one file to
    digest.update. Prints the proof of work heapbound checks. With
    --start-up-only it stops before reading: the `baseline` command for
    tools without a reading marker (massif)."""
    if len(sys.argv) != 2:
        sys.exit("usage: %s <fixture spiders dir> | --start-up-only" % sys.argv[0])
    if sys.argv[1] == "--start-up-only":
        return
    root = os.fsencode(sys.argv[1])
    digest = TreeDigest()
    for path, relative in walk(root):
        digest.begin_file()
        read_file(path, digest)
        digest.end_file(relative)
    print(json.dumps({"bytes": digest.bytes, "files": digest.files,
                      "digest": digest.hexdigest()}))
