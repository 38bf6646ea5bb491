/* reading_marker.h: the open(2)/fopen(3) hooks behind a program case's
 * reading marker, shared by heapbound_track.c and heapbound_mark.c.
 *
 * Include once, in one C file, after defining
 *   static void HbOnFirstRead(void);   called once, at the first open
 *   HB_NEXT(name)                      returns the next definition (dlsym)
 * and call HbReadMarkRoot() from a constructor.
 */
#ifndef HEAPBOUND_READING_MARKER_H_
#define HEAPBOUND_READING_MARKER_H_

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HB_EXPORT
#define HB_EXPORT __attribute__((visibility("default")))
#endif

/* The reading marker: open(2)/fopen(3) and their variants note the live
 * total at the first open of a regular file below HEAPBOUND_MARK_ROOT, before
 * forwarding, so the FILE or buffer the open itself allocates counts as
 * reading. Paths are compared as written, made absolute against the working
 * directory or the dirfd (no "..", no symlinks resolved). */
static char g_mark_root[4096];
static size_t g_mark_root_length;
static int g_mark_fired; /* set once, by the first open under the root */

/* Reads HEAPBOUND_MARK_ROOT (an absolute path); call from a constructor. */
static void HbReadMarkRoot(void) {
  const char* root = getenv("HEAPBOUND_MARK_ROOT");
  if (root == NULL || root[0] != '/' || strlen(root) >= sizeof(g_mark_root))
    return;
  g_mark_root_length = strlen(root);
  while (g_mark_root_length > 1 && root[g_mark_root_length - 1] == '/')
    --g_mark_root_length;
  memcpy(g_mark_root, root, g_mark_root_length);
  g_mark_root[g_mark_root_length] = '\0';
}

static int UnderMarkRoot(int dirfd, const char* path) {
  char full[4096];
  size_t length = 0;
  if (path[0] != '/') {
    if (dirfd == AT_FDCWD) {
      if (getcwd(full, sizeof(full)) == NULL) return 0;
    } else {
      char link[64] = "/proc/self/fd/";
      char digits[24];
      int n = 0;
      unsigned value = (unsigned)dirfd;
      do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
      } while (value != 0);
      size_t at = strlen(link);
      while (n > 0) link[at++] = digits[--n];
      link[at] = '\0';
      ssize_t got = readlink(link, full, sizeof(full) - 1);
      if (got <= 0) return 0;
      full[got] = '\0';
    }
    length = strlen(full);
    if (length + 1 + strlen(path) + 1 > sizeof(full)) return 0;
    full[length++] = '/';
  }
  size_t rest = strlen(path);
  if (length + rest + 1 > sizeof(full)) return 0;
  memcpy(full + length, path, rest + 1);
  return strncmp(full, g_mark_root, g_mark_root_length) == 0 &&
         full[g_mark_root_length] == '/';
}

static void MaybeMark(int dirfd, const char* path) {
  if (g_mark_root_length == 0 ||
      __atomic_load_n(&g_mark_fired, __ATOMIC_ACQUIRE) || path == NULL ||
      !UnderMarkRoot(dirfd, path)) {
    return;
  }
  struct stat st;
  int found =
      dirfd == AT_FDCWD ? stat(path, &st) : fstatat(dirfd, path, &st, 0);
  if (found != 0 || !S_ISREG(st.st_mode)) return;
  if (__atomic_exchange_n(&g_mark_fired, 1, __ATOMIC_ACQ_REL) == 0)
    HbOnFirstRead();
}

static mode_t ModeArgument(int flags, va_list args) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE
             ? (mode_t)va_arg(args, int)
             : 0;
}

typedef int (*OpenFn)(const char*, int, ...);
typedef int (*OpenAtFn)(int, const char*, int, ...);
typedef FILE* (*FopenFn)(const char*, const char*);

#define HB_OPEN(name)                                    \
  HB_EXPORT int name(const char* path, int flags, ...) { \
    va_list args;                                        \
    va_start(args, flags);                               \
    mode_t mode = ModeArgument(flags, args);             \
    va_end(args);                                        \
    MaybeMark(AT_FDCWD, path);                           \
    static OpenFn real;                                  \
    if (real == NULL) real = (OpenFn)HB_NEXT(#name);     \
    return real(path, flags, mode);                      \
  }
#define HB_OPENAT(name)                                             \
  HB_EXPORT int name(int dirfd, const char* path, int flags, ...) { \
    va_list args;                                                   \
    va_start(args, flags);                                          \
    mode_t mode = ModeArgument(flags, args);                        \
    va_end(args);                                                   \
    MaybeMark(dirfd, path);                                         \
    static OpenAtFn real;                                           \
    if (real == NULL) real = (OpenAtFn)HB_NEXT(#name);              \
    return real(dirfd, path, flags, mode);                          \
  }
#define HB_FOPEN(name)                                       \
  HB_EXPORT FILE* name(const char* path, const char* mode) { \
    MaybeMark(AT_FDCWD, path);                               \
    static FopenFn real;                                     \
    if (real == NULL) real = (FopenFn)HB_NEXT(#name);        \
    return real(path, mode);                                 \
  }

HB_OPEN(open)
HB_OPEN(open64)
HB_OPENAT(openat)
HB_OPENAT(openat64)
HB_FOPEN(fopen)
HB_FOPEN(fopen64)

#endif /* HEAPBOUND_READING_MARKER_H_ */
