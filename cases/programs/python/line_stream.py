"""Line by line, in Python: iterating a buffered binary file.

BufferedReader keeps an 8 KiB buffer (io.DEFAULT_BUFFER_SIZE); each line is
a new bytes object, so the peak is about the longest line plus the buffer.
"""

import spider_tree


def read_file(path, digest):
    with open(path, "rb") as f:
        for line in f:
            digest.update(line)


if __name__ == "__main__":
    spider_tree.main(read_file)
