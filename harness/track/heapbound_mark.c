/* heapbound_mark: the reading marker for heaptrack. Preloaded after
 * heaptrack's own library (heaptrack keeps LD_PRELOAD), it hooks only
 * open(2)/fopen(3) (reading_marker.h); at the first open of a regular file
 * below HEAPBOUND_MARK_ROOT it makes one 1-byte allocation from
 * heapbound_reading_started and frees it at once. heaptrack records it with
 * that function on its stack, so the trace reader (heaptrack_marker.cc)
 * knows the live heap at that moment and the peak after it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

#define HB_EXPORT __attribute__((visibility("default")))

/* The name heaptrack_marker.cc looks for; never inlined, so it is a frame. */
HB_EXPORT __attribute__((noinline)) void heapbound_reading_started(void) {
  void* volatile block = malloc(1);
  free(block);
}

static void HbOnFirstRead(void) { heapbound_reading_started(); }

static void* Next(const char* name) { return dlsym(RTLD_NEXT, name); }

#define HB_NEXT Next
#include "reading_marker.h"

__attribute__((constructor)) static void ReadRoot(void) { HbReadMarkRoot(); }
