// Checks that the tracker's operator new keeps libstdc++'s failure
// behaviour: std::bad_alloc from new, nullptr from nothrow new, aligned or
// not. Exits 0 when all four behave.
#include <cstddef>
#include <new>

namespace {

void* volatile sink;

}  // namespace

int main(int argc, char**) {
  // Too large for any allocator; argc keeps the compiler from folding it.
  std::size_t huge = (std::size_t{1} << 62) * static_cast<std::size_t>(argc);
  int ok = 0;
  try {
    sink = new char[huge];
  } catch (const std::bad_alloc&) {
    ++ok;
  }
  try {
    sink = operator new(huge, std::align_val_t(64));
  } catch (const std::bad_alloc&) {
    ++ok;
  }
  sink = new (std::nothrow) char[huge];
  ok += sink == nullptr;
  sink = operator new(huge, std::align_val_t(64), std::nothrow);
  ok += sink == nullptr;
  return ok == 4 ? 0 : 1;
}
