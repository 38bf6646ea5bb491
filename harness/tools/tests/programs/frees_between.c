/* Pattern: frees between rising peaks. Live bytes go 4000, 10000, 6000,
 * 11000, 5000, 12000 (the peak: 5000 from MakeIndex + 7000 from
 * MakeTable), 7000, 0. Peak = baseline + 12000. */
#include <stdlib.h>

#include "pattern.h"

HB_NOINLINE static void* MakeHeader(size_t size) { return malloc(size); }
HB_NOINLINE static void* MakeBody(size_t size) { return malloc(size); }
HB_NOINLINE static void* MakeIndex(size_t size) { return malloc(size); }
HB_NOINLINE static void* MakeTable(size_t size) { return malloc(size); }

int main(void) {
  void* header = MakeHeader(4000);
  Keep(header);
  void* body = MakeBody(6000);
  Keep(body);
  free(header);
  void* index = MakeIndex(5000);
  Keep(index);
  free(body);
  void* table = MakeTable(7000);
  Keep(table);
  free(index);
  free(table);
  return 0;
}
