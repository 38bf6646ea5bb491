/* heapbound_track: an LD_PRELOAD library that counts the live heap bytes a
 * process *requested* (the number massif reports as mem_heap_B) and writes
 * the peak to the file named by HEAPBOUND_TRACK_OUT when the process exits.
 *
 * Written in C so that nothing inside a hook can reach libstdc++ or
 * allocate. The hooks forward to glibc's __libc_* entry points, so no dlsym
 * (and no bootstrap allocation) is needed.
 *
 * Accounting, chosen to match valgrind 3.19 massif byte for byte:
 *   malloc(n), calloc(k, n), memalign/aligned_alloc/posix_memalign(a, n),
 *   valloc(n), pvalloc(n)   count the requested n (k * n); zero sizes count 0.
 *   realloc(p, n)           changes p's bytes to n in one step (never old +
 *                           new at once); realloc(p, 0) frees p as glibc
 *                           does; realloc(NULL, n) is malloc(n).
 *   reallocarray(p, k, n)   is realloc(p, k * n) with an overflow check.
 *   free(p) of a pointer we never saw (none in practice) is forwarded and
 *   counted in unknown_frees.
 *   operator new/new[] (plain, nothrow, aligned) are hooked themselves:
 *   libstdc++ turns new(0) into malloc(1) and rounds an aligned new up to a
 *   multiple of its alignment, but massif counts the size asked of new
 *   (new char[0] = 0, new(100, align 64) = 100), and so do we. operator
 *   delete reaches free through libstdc++.
 *
 * Output: one JSON line, written with write(2) from a stack buffer:
 *   {"tool":"track","version":1,"pid":N,"peak_bytes":N,"live_at_exit":N,
 *    "allocations":N,"frees":N,"unknown_frees":N,"error":"",
 *    "time_unit":"allocations and frees","timeline":[[t,bytes],...]}
 * With HEAPBOUND_MARK_ROOT set (program cases), the line also has
 * "mark_bytes" (the live total at the process's first open of a regular file
 * below that directory) and "peak_after_mark_bytes" (the highest live total
 * from then on), once that open happened: the net peak of a runtime with a
 * large start-up counts only what happens after it starts reading.
 * The timeline has at most 2 * kTimelineBuckets points, sampled by
 * harness/common/timeline_buckets.h (shared with the C++ readers): each
 * bucket of `stride` consecutive events keeps its lowest and its highest
 * live total, so the exact peak always survives.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "timeline_buckets.h"

#define HB_EXPORT __attribute__((visibility("default")))

extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* ptr, size_t size);
extern void __libc_free(void* ptr);
extern void* __libc_memalign(size_t alignment, size_t size);
extern void* __libc_valloc(size_t size);
extern void* __libc_pvalloc(size_t size);

enum {
  kInitialCapacity = 1 << 12, /* slots; 64 KiB, grows by doubling */
  kTimelineBuckets = 1024,
  kOutPathMax = 4096,
};

typedef struct {
  uintptr_t key; /* 0 = empty */
  uint64_t size;
} Slot;

/* Every field below is guarded by g_lock. */
static Slot* g_slots;
static size_t g_capacity; /* power of two, or 0 before the first insert */
static size_t g_used;
static uint64_t g_live;
static uint64_t g_peak;
static uint64_t g_allocations;
static uint64_t g_frees;
static uint64_t g_unknown_frees;
static int g_table_failed; /* mmap failed: the counts are no longer exact */

static uint64_t g_events;
static HbTimelineBucket g_buckets[kTimelineBuckets];
static HbTimeline g_timeline = {g_buckets, kTimelineBuckets, 0, 1, 0, {0}};

static char g_lock;
static char g_out_path[kOutPathMax];

/* The reading marker; g_marked and the two counts are guarded by g_lock. */
static int g_marked;
static uint64_t g_mark_bytes;
static uint64_t g_peak_after_mark;

static void Lock(void) {
  unsigned spins = 0;
  while (__atomic_test_and_set(&g_lock, __ATOMIC_ACQUIRE)) {
    while (__atomic_load_n(&g_lock, __ATOMIC_RELAXED)) {
      if (++spins % 64 == 0) sched_yield();
      __builtin_ia32_pause();
    }
  }
}

static void Unlock(void) { __atomic_clear(&g_lock, __ATOMIC_RELEASE); }

static size_t Home(uintptr_t key, size_t capacity) {
  return (size_t)(((uint64_t)key >> 4) * 0x9E3779B97F4A7C15ull) &
         (capacity - 1);
}

static Slot* MapSlots(size_t capacity) {
  void* memory = mmap(NULL, capacity * sizeof(Slot), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return memory == MAP_FAILED ? NULL : (Slot*)memory;
}

static void PlaceSlot(Slot* slots, size_t capacity, uintptr_t key,
                      uint64_t size) {
  size_t i = Home(key, capacity);
  while (slots[i].key != 0) i = (i + 1) & (capacity - 1);
  slots[i].key = key;
  slots[i].size = size;
}

/* Keeps the load at most one half so probes stay short. */
static int EnsureRoom(void) {
  if ((g_used + 1) * 2 <= g_capacity) return 1;
  size_t capacity = g_capacity == 0 ? kInitialCapacity : g_capacity * 2;
  Slot* slots = MapSlots(capacity);
  if (slots == NULL) return 0;
  for (size_t i = 0; i < g_capacity; ++i) {
    if (g_slots[i].key != 0) {
      PlaceSlot(slots, capacity, g_slots[i].key, g_slots[i].size);
    }
  }
  if (g_slots != NULL) munmap(g_slots, g_capacity * sizeof(Slot));
  g_slots = slots;
  g_capacity = capacity;
  return 1;
}

/* Removes `key` with backward-shift deletion (no tombstones). Returns 0 when
 * the key is not in the table. */
static int TakeSlot(uintptr_t key, uint64_t* size) {
  if (g_capacity == 0) return 0;
  size_t mask = g_capacity - 1;
  size_t i = Home(key, g_capacity);
  while (g_slots[i].key != key) {
    if (g_slots[i].key == 0) return 0;
    i = (i + 1) & mask;
  }
  *size = g_slots[i].size;
  size_t j = i;
  for (;;) {
    j = (j + 1) & mask;
    if (g_slots[j].key == 0) break;
    size_t home = Home(g_slots[j].key, g_capacity);
    /* Moves j into the hole at i unless its home lies cyclically in (i, j]. */
    int stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (!stays) {
      g_slots[i] = g_slots[j];
      i = j;
    }
  }
  g_slots[i].key = 0;
  --g_used;
  return 1;
}

/* Records the live total after one event in the timeline. */
static void NoteEvent(void) {
  ++g_events;
  HbTimelineAdd(&g_timeline, g_events, g_live);
}

static void AddLocked(void* ptr, uint64_t size) {
  if (!EnsureRoom()) {
    g_table_failed = 1;
    return;
  }
  PlaceSlot(g_slots, g_capacity, (uintptr_t)ptr, size);
  ++g_used;
  ++g_allocations;
  g_live += size;
  if (g_live > g_peak) g_peak = g_live;
  if (g_marked && g_live > g_peak_after_mark) g_peak_after_mark = g_live;
  NoteEvent();
}

static void RecordAlloc(void* ptr, uint64_t size) {
  if (ptr == NULL) return;
  Lock();
  AddLocked(ptr, size);
  Unlock();
}

/* Forgets `ptr` before glibc may hand the address to another thread. */
static void RecordFree(void* ptr) {
  if (ptr == NULL) return;
  uint64_t size = 0;
  Lock();
  if (TakeSlot((uintptr_t)ptr, &size)) {
    ++g_frees;
    g_live -= size;
    NoteEvent();
  } else {
    ++g_unknown_frees;
  }
  Unlock();
}

HB_EXPORT void* malloc(size_t size) {
  void* ptr = __libc_malloc(size);
  RecordAlloc(ptr, size);
  return ptr;
}

HB_EXPORT void* calloc(size_t count, size_t size) {
  void* ptr = __libc_calloc(count, size);
  RecordAlloc(ptr, (uint64_t)count * size); /* cannot overflow on success */
  return ptr;
}

HB_EXPORT void free(void* ptr) {
  RecordFree(ptr);
  __libc_free(ptr);
}

/* Holds the lock across glibc's realloc so the change is one step, as in
 * massif, and no other thread can be handed the old address meanwhile. */
HB_EXPORT void* realloc(void* ptr, size_t size) {
  if (ptr == NULL) return malloc(size);
  Lock();
  uint64_t old_size = 0;
  int known = TakeSlot((uintptr_t)ptr, &old_size);
  void* moved = __libc_realloc(ptr, size);
  if (moved == NULL && size != 0) {
    /* Failed: the old block stays, unchanged. */
    if (known) {
      PlaceSlot(g_slots, g_capacity, (uintptr_t)ptr, old_size);
      ++g_used;
    }
    Unlock();
    return NULL;
  }
  if (known) {
    g_live -= old_size;
  } else {
    ++g_unknown_frees;
  }
  /* Counts a realloc as the old block's free and the new block's
   * allocation, as heaptrack does. */
  if (known) ++g_frees;
  if (moved != NULL) {
    AddLocked(moved, size);
  } else if (known) {
    NoteEvent(); /* realloc(p, 0): glibc freed p */
  }
  Unlock();
  return moved;
}

HB_EXPORT void* reallocarray(void* ptr, size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(ptr, total);
}

HB_EXPORT void* memalign(size_t alignment, size_t size) {
  void* ptr = __libc_memalign(alignment, size);
  RecordAlloc(ptr, size);
  return ptr;
}

HB_EXPORT void* aligned_alloc(size_t alignment, size_t size) {
  return memalign(alignment, size);
}

HB_EXPORT int posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0 ||
      alignment == 0) {
    return EINVAL;
  }
  void* ptr = __libc_memalign(alignment, size);
  if (ptr == NULL) return ENOMEM;
  RecordAlloc(ptr, size);
  *out = ptr;
  return 0;
}

HB_EXPORT void* valloc(size_t size) {
  void* ptr = __libc_valloc(size);
  RecordAlloc(ptr, size);
  return ptr;
}

HB_EXPORT void* pvalloc(size_t size) {
  void* ptr = __libc_pvalloc(size);
  RecordAlloc(ptr, size);
  return ptr;
}

/* operator new, by mangled name. The fast path allocates with glibc as
 * libstdc++ would and records the size new was asked for; only when glibc
 * fails does it call libstdc++'s own operator new (new_handler loop,
 * std::bad_alloc, nothrow), whose allocations reach the hooks above. */
typedef void* (*NewFn)(size_t);
typedef void* (*NewNothrowFn)(size_t, const void*);
typedef void* (*NewAlignedFn)(size_t, size_t);
typedef void* (*NewAlignedNothrowFn)(size_t, size_t, const void*);

static void* Next(const char* name) { return dlsym(RTLD_NEXT, name); }

static void* NewFast(size_t size) {
  void* ptr = __libc_malloc(size == 0 ? 1 : size);
  RecordAlloc(ptr, size);
  return ptr;
}

static void* NewAlignedFast(size_t size, size_t alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) return NULL;
  void* ptr = __libc_memalign(alignment, size == 0 ? 1 : size);
  RecordAlloc(ptr, size);
  return ptr;
}

#define HB_NEW(mangled)                                       \
  HB_EXPORT void* mangled(size_t size) {                      \
    void* ptr = NewFast(size);                                \
    return ptr != NULL ? ptr : ((NewFn)Next(#mangled))(size); \
  }
#define HB_NEW_NOTHROW(mangled)                                           \
  HB_EXPORT void* mangled(size_t size, const void* tag) {                 \
    void* ptr = NewFast(size);                                            \
    return ptr != NULL ? ptr : ((NewNothrowFn)Next(#mangled))(size, tag); \
  }
#define HB_NEW_ALIGNED(mangled)                                           \
  HB_EXPORT void* mangled(size_t size, size_t alignment) {                \
    void* ptr = NewAlignedFast(size, alignment);                          \
    return ptr != NULL ? ptr                                              \
                       : ((NewAlignedFn)Next(#mangled))(size, alignment); \
  }
#define HB_NEW_ALIGNED_NOTHROW(mangled)                                       \
  HB_EXPORT void* mangled(size_t size, size_t alignment, const void* tag) {   \
    void* ptr = NewAlignedFast(size, alignment);                              \
    return ptr != NULL                                                        \
               ? ptr                                                          \
               : ((NewAlignedNothrowFn)Next(#mangled))(size, alignment, tag); \
  }

HB_NEW(_Znwm)                        /* new(size_t) */
HB_NEW(_Znam)                        /* new[](size_t) */
HB_NEW_NOTHROW(_ZnwmRKSt9nothrow_t)  /* new(size_t, nothrow) */
HB_NEW_NOTHROW(_ZnamRKSt9nothrow_t)  /* new[](size_t, nothrow) */
HB_NEW_ALIGNED(_ZnwmSt11align_val_t) /* new(size_t, align) */
HB_NEW_ALIGNED(_ZnamSt11align_val_t) /* new[](size_t, align) */
HB_NEW_ALIGNED_NOTHROW(_ZnwmSt11align_val_tRKSt9nothrow_t)
HB_NEW_ALIGNED_NOTHROW(_ZnamSt11align_val_tRKSt9nothrow_t)

/* The reading marker (reading_marker.h): notes the live total at the first
 * open of a fixture file, before the open itself allocates. */
static void HbOnFirstRead(void) {
  Lock();
  if (!g_marked) {
    g_mark_bytes = g_live;
    g_peak_after_mark = g_live;
    g_marked = 1;
  }
  Unlock();
}

#define HB_NEXT Next
#include "reading_marker.h"

/* Appends text to a fixed buffer; never allocates. */
typedef struct {
  char* data;
  size_t size;
  size_t capacity;
  int fd;
} Writer;

static void Flush(Writer* w) {
  size_t done = 0;
  while (done < w->size) {
    ssize_t n = write(w->fd, w->data + done, w->size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += (size_t)n;
  }
  w->size = 0;
}

static void PutText(Writer* w, const char* text) {
  for (; *text != '\0'; ++text) {
    if (w->size == w->capacity) Flush(w);
    w->data[w->size++] = *text;
  }
}

static void PutNumber(Writer* w, uint64_t value) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  char text[24];
  for (int i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
  text[n] = '\0';
  PutText(w, text);
}

static void PutField(Writer* w, const char* name, uint64_t value) {
  PutText(w, ",\"");
  PutText(w, name);
  PutText(w, "\":");
  PutNumber(w, value);
}

static void PutPoint(Writer* w, uint64_t time, uint64_t bytes, int* first) {
  PutText(w, *first ? "[" : ",[");
  *first = 0;
  PutNumber(w, time);
  PutText(w, ",");
  PutNumber(w, bytes);
  PutText(w, "]");
}

__attribute__((constructor)) static void ReadOutPath(void) {
  const char* path = getenv("HEAPBOUND_TRACK_OUT");
  if (path != NULL && strlen(path) < sizeof(g_out_path)) {
    memcpy(g_out_path, path, strlen(path) + 1);
  }
  HbReadMarkRoot();
}

/* Runs after main's atexit handlers and static destructors (the library is
 * initialised before the program, so it is finalised after it). */
__attribute__((destructor)) static void WriteReport(void) {
  if (g_out_path[0] == '\0') return;
  /* Replaces rather than truncates: ext4 flushes a truncated-and-rewritten
   * file on close (auto_da_alloc), which cost ~10 ms a run. */
  unlink(g_out_path);
  int fd = open(g_out_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char buffer[4096];
  Writer w = {buffer, 0, sizeof(buffer), fd};
  Lock();
  PutText(&w, "{\"tool\":\"track\"");
  PutField(&w, "version", 1);
  PutField(&w, "pid", (uint64_t)getpid());
  PutField(&w, "peak_bytes", g_peak);
  PutField(&w, "live_at_exit", g_live);
  PutField(&w, "allocations", g_allocations);
  PutField(&w, "frees", g_frees);
  PutField(&w, "unknown_frees", g_unknown_frees);
  if (g_marked) {
    PutField(&w, "mark_bytes", g_mark_bytes);
    PutField(&w, "peak_after_mark_bytes", g_peak_after_mark);
  }
  PutText(&w, ",\"error\":\"");
  PutText(&w, g_table_failed ? "mmap failed; counts are incomplete" : "");
  PutText(&w, "\",\"time_unit\":\"allocations and frees\",\"timeline\":[");
  int first = 1;
  for (size_t i = 0; i < HbTimelineBucketCount(&g_timeline); ++i) {
    uint64_t times[2];
    uint64_t bytes[2];
    int n = HbTimelineBucketPoints(HbTimelineBucketAt(&g_timeline, i), times,
                                   bytes);
    for (int k = 0; k < n; ++k) PutPoint(&w, times[k], bytes[k], &first);
  }
  PutText(&w, "]}\n");
  Unlock();
  Flush(&w);
  close(fd);
}
