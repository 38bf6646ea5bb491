/* Pattern: the aligned allocators, all live at once: aligned_alloc 640,
 * posix_memalign 1280, valloc 4096, memalign 2560. Requested bytes count,
 * not the alignment padding. Peak = baseline + 8576; heaptrack 1.4 does not
 * hook memalign, so it sees baseline + 6016. */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>

#include "pattern.h"

HB_NOINLINE static void* Aligned(size_t size) {
  return aligned_alloc(64, size);
}
HB_NOINLINE static void* Posix(size_t size) {
  void* ptr = NULL;
  return posix_memalign(&ptr, 128, size) == 0 ? ptr : NULL;
}
HB_NOINLINE static void* Paged(size_t size) { return valloc(size); }
HB_NOINLINE static void* OldAligned(size_t size) { return memalign(256, size); }

int main(void) {
  void* a = Aligned(640);
  Keep(a);
  void* b = Posix(1280);
  Keep(b);
  void* c = Paged(4096);
  Keep(c);
  void* d = OldAligned(2560);
  Keep(d);
  free(a);
  free(b);
  free(c);
  free(d);
  return 0;
}
