"""Allocation sites and frames: whose code a frame is, and how to name it short.

A frame is {"function", "file", "line"} as in results.json's top_sites, or
parsed back from a folded-stacks line. The reader's own code is any frame
that is not the allocator, libstdc++, libc or the loader, or another
shared library: that is the frame a user edits to fix a regression.
"""

import re

OWN = "own code"
LIBSTDCXX = "libstdc++"
LIBC = "libc, loader, allocator"
LIBRARY = "other libraries"
UNKNOWN = "unknown"
CATEGORIES = (OWN, LIBSTDCXX, LIBC, LIBRARY, UNKNOWN)

_LIBSTDCXX_FUNCTIONS = ("std::", "__gnu_cxx::", "__cxxabiv1::", "__cxa_")
_LIBC_FUNCTIONS = re.compile(
    r"^(operator new|operator delete|(malloc|calloc|realloc|free|posix_memalign|aligned_alloc|"
    r"memalign|valloc|call_init|_start)\b|__libc|_dl_|_IO_|__GI_)")
# massif names libstdc++ headers by their base name only.
_LIBSTDCXX_HEADERS = re.compile(
    r"(^|/)(bits/|c\+\+/)|^(stl_[a-z_]+\.h|new_allocator\.h|alloc_traits\.h|allocator\.h|"
    r"basic_string\.(h|tcc)|vector\.tcc|hashtable(_policy)?\.h|char_traits\.h|"
    r"unique_ptr\.h|shared_ptr(_base)?\.h|sstream|fstream\.tcc|locale_facets\.tcc)$")
# glibc's own source folders, as its debug info names them (`../sysdeps/...`, `./elf/...`).
_GLIBC_DIRS = {"sysdeps", "csu", "elf", "nptl", "malloc", "libio", "stdlib", "string", "posix",
               "dirent", "io", "misc", "stdio-common", "wcsmbs", "iconv", "locale", "dlfcn"}
_MASSIF_BELOW_THRESHOLD = re.compile(r"^in \d+ places?, (all )?below massif's threshold")


def category(frame):
    """Returns which code a frame belongs to: one of CATEGORIES."""
    function = frame.get("function") or ""
    path = frame.get("file") or ""
    if _MASSIF_BELOW_THRESHOLD.match(function):
        return UNKNOWN
    if "libstdc++" in path or _LIBSTDCXX_HEADERS.search(path) or function.startswith(
            _LIBSTDCXX_FUNCTIONS):
        return LIBSTDCXX
    if (_LIBC_FUNCTIONS.match(function) or re.search(r"(^|/)(libc|ld-linux|libm)[.-]", path)
            or _relative_top(path) in _GLIBC_DIRS or path in ("dl-init.c", "rtld.c")):
        return LIBC
    if ".so" in path or path.startswith(("/usr/", "/lib")):
        return LIBRARY
    if function in ("", "??") and not path:
        return UNKNOWN
    return OWN


def _relative_top(path):
    """Returns the first folder of a relative path after its ./ and ../ ("cases")."""
    if path.startswith("/"):
        return ""
    parts = [p for p in path.split("/") if p not in (".", "..")]
    return parts[0] if len(parts) > 1 else ""


def display_path(path):
    """Drops the leading ./ and ../ a build directory puts before a source path."""
    while path.startswith(("./", "../")):
        path = path.split("/", 1)[1]
    return path


def user_frame(site):
    """Returns the index of the first frame in the project's own code, or None.

    Takes results.json's `user_frame` when the run wrote one (an integer or
    null), else finds the first frame whose category is OWN.
    """
    frames = [f for f in site.get("frames", []) if isinstance(f, dict)]
    if "user_frame" in site:
        index = site["user_frame"]
        return index if isinstance(index, int) and 0 <= index < len(frames) else None
    for i, frame in enumerate(frames):
        if category(frame) == OWN:
            return i
    return None


def short_function(name):
    """Drops parameter lists and the project's namespaces: `ReadLines`, `Walker::WalkDirectory`."""
    name = (name or "??").strip()
    if name.endswith(")") and not _MASSIF_BELOW_THRESHOLD.match(name):
        depth = 0
        for i in range(len(name) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(name[i], 0)
            if depth == 0:
                if i > 0 and not name[:i].endswith("operator"):
                    name = name[:i]
                break
    for prefix in ("heapbound::(anonymous namespace)::", "(anonymous namespace)::",
                   "heapbound::"):
        name = name.replace(prefix, "")
    name = name.replace("std::__cxx11::basic_string<char, std::char_traits<char>, "
                        "std::allocator<char> >", "std::string")
    return name


def where(frame):
    """Returns "cases/chunk.cc:15", "libc.so.6" or "" for a frame."""
    path = display_path(frame.get("file") or "")
    line = frame.get("line") or 0
    if path and line:
        return f"{path}:{line}"
    return path


def frame_text(frame, short=True):
    """Returns "ReadLines (cases/line_stream.cc:65)"."""
    function = frame.get("function") or "??"
    name = short_function(function) if short else function
    place = where(frame)
    return f"{name} ({place})" if place else name


def describe_site(site):
    """Returns (user frame text or None, [other frame texts innermost first])."""
    frames = [f for f in site.get("frames", []) if isinstance(f, dict)]
    index = user_frame(site)
    lead = frame_text(frames[index]) if index is not None else None
    return lead, [frame_text(f) for f in frames]
