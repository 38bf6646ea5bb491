/* Pattern: abort() in the middle of the run with 10000 bytes live (8000
 * from HoldLarge, 2000 from HoldSmall); the process never exits normally,
 * so massif has no heap_tree=peak snapshot and the tracker writes nothing.
 * Peak = baseline + 10000. */
#include <stdlib.h>

#include "pattern.h"

HB_NOINLINE static void* HoldLarge(size_t size) { return malloc(size); }
HB_NOINLINE static void* HoldSmall(size_t size) { return malloc(size); }

int main(void) {
  void* large = HoldLarge(8000);
  Keep(large);
  void* small = HoldSmall(2000);
  Keep(small);
  abort();
}
