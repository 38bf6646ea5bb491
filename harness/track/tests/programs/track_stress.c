/* Exercises libheapbound_track.so; the test knows the exact results.
 *   track_stress baseline   allocates nothing of its own
 *   track_stress many       200000 live blocks at once (the pointer table
 *                           grows many times), freed in scrambled order;
 *                           peak = baseline + kManyBytes, nothing left
 *   track_stress threads    4 threads x 50000 malloc/calloc/realloc/free in
 *                           parallel; each leaves 1000 blocks of 10 bytes,
 *                           so live at exit = baseline + 40000 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kMany = 200000, kThreads = 4, kOps = 50000, kKept = 1000 };

static void* g_blocks[kMany];
static void* g_thread_blocks[kThreads][kOps];

static void Keep(void* ptr) { __asm__ volatile("" : : "r"(ptr) : "memory"); }

static size_t ManySize(size_t i) { return 1 + i % 64; }

static int Many(void) {
  for (size_t i = 0; i < kMany; ++i) Keep(g_blocks[i] = malloc(ManySize(i)));
  for (size_t i = 0; i < kMany; ++i) {
    size_t j = (i * 7919) % kMany; /* 7919 is prime: a permutation */
    free(g_blocks[j]);
  }
  return 0;
}

static void* Worker(void* arg) {
  void** blocks = g_thread_blocks[(intptr_t)arg];
  for (size_t i = 0; i < kOps; ++i) {
    blocks[i] = i % 3 == 0 ? calloc(1, 24 + i % 40) : malloc(8 + i % 100);
    Keep(blocks[i]);
  }
  for (size_t i = 0; i < kOps; i += 2) {
    blocks[i] = realloc(blocks[i], 300 + i % 7);
    Keep(blocks[i]);
  }
  for (size_t i = 0; i < kOps; ++i) {
    size_t j = (i * 104729) % kOps;
    free(blocks[j]);
    blocks[j] = NULL;
  }
  for (size_t i = 0; i < kKept; ++i) Keep(blocks[i] = malloc(10));
  return NULL;
}

static int Threads(void) {
  pthread_t threads[kThreads];
  for (intptr_t t = 0; t < kThreads; ++t) {
    if (pthread_create(&threads[t], NULL, Worker, (void*)t) != 0) return 1;
  }
  for (int t = 0; t < kThreads; ++t) pthread_join(threads[t], NULL);
  return 0;
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "baseline") == 0) return 0;
  if (strcmp(mode, "many") == 0) return Many();
  if (strcmp(mode, "threads") == 0) return Threads();
  fprintf(stderr, "usage: track_stress baseline|many|threads\n");
  return 2;
}
