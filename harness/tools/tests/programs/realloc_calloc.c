/* Pattern: calloc, realloc growing and shrinking, reallocarray, realloc to
 * zero and malloc(0). Live bytes: 4000 (calloc 100 x 40), 10000 (realloc up:
 * the peak, counted once, never old + new), 3000 (realloc down), 4000
 * (reallocarray 50 x 20), 1000 (realloc(p, 0) frees p), 1000 (malloc(0)
 * counts 0), 0. Peak = baseline + 10000. */
#include <stdlib.h>

#include "pattern.h"

HB_NOINLINE static void* Zeroed(size_t count, size_t size) {
  return calloc(count, size);
}
HB_NOINLINE static void* Resize(void* ptr, size_t size) {
  return realloc(ptr, size);
}
HB_NOINLINE static void* Array(size_t count, size_t size) {
  return reallocarray(NULL, count, size);
}

int main(void) {
  void* grown = Zeroed(100, 40);
  Keep(grown);
  grown = Resize(grown, 10000);
  Keep(grown);
  grown = Resize(grown, 3000);
  Keep(grown);
  void* array = Array(50, 20);
  Keep(array);
  Keep(Resize(grown, 0)); /* frees `grown`, returns NULL (glibc) */
  void* empty = malloc(0);
  Keep(empty);
  free(empty);
  free(array);
  return 0;
}
