/* Helpers for the golden programs: allocations the compiler cannot elide,
 * each made in a named, never-inlined function so tools report it as the
 * allocation site. */
#ifndef HEAPBOUND_TOOLS_TESTS_PROGRAMS_PATTERN_H_
#define HEAPBOUND_TOOLS_TESTS_PROGRAMS_PATTERN_H_

#include <stddef.h>
#include <string.h>

/* Publishes a pointer so the allocation stays observable. */
static inline void Keep(void* ptr) {
  __asm__ volatile("" : : "r"(ptr) : "memory");
}

#define HB_NOINLINE __attribute__((noinline))

#endif
