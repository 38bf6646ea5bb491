// Maps and touches argv[1] MiB of anonymous memory, then exits: a process
// whose resident set is known to the page.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: touch_pages MIB\n");
    return 2;
  }
  size_t size = (size_t)strtoul(argv[1], NULL, 10) << 20;
  char* pages = mmap(NULL, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED) return 1;
  memset(pages, 1, size);
  printf("%zu\n", size);
  return 0;
}
