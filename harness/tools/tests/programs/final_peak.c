/* Pattern: the peak is only reached by a final allocation that is never
 * freed, so massif's heap_tree=peak snapshot is stale (it shows an earlier,
 * lower high-water mark). Peak = baseline + 3000 bytes. */
#include <stdlib.h>

#include "pattern.h"

HB_NOINLINE static void* EarlyBlock(size_t size) { return malloc(size); }
HB_NOINLINE static void* FinalBlock(size_t size) { return malloc(size); }

int main(void) {
  void* early = EarlyBlock(2000);
  Keep(early);
  free(early);
  void* small = EarlyBlock(500);
  Keep(small);
  free(small);
  void* last = FinalBlock(3000);
  Keep(last);
  return 0; /* `last` is never freed */
}
