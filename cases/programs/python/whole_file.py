"""The incident's shape, in Python: each file is read whole with f.read().

FileIO.readall sizes one bytes object from fstat (file size + 1) and shrinks
it to fit, so the peak holds the largest file at once. A negative control
against max_file.
"""

import spider_tree


def read_file(path, digest):
    with open(path, "rb") as f:
        data = f.read()
    digest.update(data)


if __name__ == "__main__":
    spider_tree.main(read_file)
