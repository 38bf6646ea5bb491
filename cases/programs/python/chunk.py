"""The fix, in Python: every file is read through one 4096-byte buffer.

An unbuffered FileIO (buffering=0), so no 8 KiB BufferedReader sits in
between; readinto refills the same bytearray, and the digest reads it in
place (a ctypes view, no copy per chunk).
"""

import ctypes

import spider_tree

CHUNK = 4096


def read_file(path, digest):
    buffer = bytearray(CHUNK)
    window = (ctypes.c_char * CHUNK).from_buffer(buffer)
    with open(path, "rb", buffering=0) as f:
        while True:
            n = f.readinto(buffer)
            if not n:
                break
            digest.update(window, n)
    del window


if __name__ == "__main__":
    spider_tree.main(read_file)
