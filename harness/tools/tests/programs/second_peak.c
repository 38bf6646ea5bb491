/* Pattern: a first peak of 100 x 1000 bytes, everything freed, then a
 * second peak of 100 x 1005 bytes, 0.5 % higher (massif's default
 * --peak-inaccuracy=1.0 would keep the first). Peak = baseline + 100500. */
#include <stdlib.h>

#include "pattern.h"

enum { kBlocks = 100 };

HB_NOINLINE static void* FirstWave(size_t size) { return malloc(size); }
HB_NOINLINE static void* SecondWave(size_t size) { return malloc(size); }

int main(void) {
  void* blocks[kBlocks];
  for (int i = 0; i < kBlocks; ++i) Keep(blocks[i] = FirstWave(1000));
  for (int i = 0; i < kBlocks; ++i) free(blocks[i]);
  for (int i = 0; i < kBlocks; ++i) Keep(blocks[i] = SecondWave(1005));
  for (int i = 0; i < kBlocks; ++i) free(blocks[i]);
  return 0;
}
