// Pattern: operator new in its forms, all live at once: new char[0] (0),
// operator new(100, align 64) (100), new[](0, align 32) (0), nothrow new(0)
// (0), new int[5] (20). massif counts the size asked of new: peak =
// baseline + 120. libstdc++ passes malloc(1) for a zero size and rounds an
// aligned size up to the alignment, which is what heaptrack (hooking
// malloc and aligned_alloc) sees: baseline + 1 + 128 + 32 + 1 + 20 = + 182.
#include <new>

#include "pattern.h"

int main() {
  char* empty = new char[0];
  Keep(empty);
  void* aligned = operator new(100, std::align_val_t(64));
  Keep(aligned);
  void* aligned_empty = operator new[](0, std::align_val_t(32));
  Keep(aligned_empty);
  void* nothrow_empty = operator new(0, std::nothrow);
  Keep(nothrow_empty);
  int* ints = new int[5];
  Keep(ints);
  operator delete(aligned, std::align_val_t(64));
  operator delete[](aligned_empty, std::align_val_t(32));
  operator delete(nothrow_empty);
  delete[] ints;
  delete[] empty;
  return 0;
}
