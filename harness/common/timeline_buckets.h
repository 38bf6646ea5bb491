/* The timeline sampler shared by the tracker (harness/track, C, inside
 * allocation hooks) and the C++ readers (harness/tools/timeline_sampler.h).
 *
 * Downsamples a heap-over-time series of any length to at most
 * 2 * capacity points in constant memory. Each bucket of `stride`
 * consecutive samples keeps its lowest and its highest point (ties keep the
 * earlier one); when the buckets run out, neighbours merge and the stride
 * doubles. The highest point overall, the exact peak, always survives.
 *
 * Pure C: no allocation (the caller owns the bucket array), no libc calls,
 * so it is safe inside malloc hooks. */
#ifndef HEAPBOUND_COMMON_TIMELINE_BUCKETS_H_
#define HEAPBOUND_COMMON_TIMELINE_BUCKETS_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint64_t low_time, low_bytes, high_time, high_bytes;
} HbTimelineBucket;

typedef struct {
  HbTimelineBucket* buckets; /* the caller's array of `capacity` buckets */
  size_t capacity;           /* at least 2 */
  size_t count;              /* full buckets in `buckets` */
  uint64_t stride;           /* samples per bucket */
  uint64_t in_current;       /* samples in `current` */
  HbTimelineBucket current;  /* the bucket being filled */
} HbTimeline;

/* Starts an empty timeline over `buckets` (capacity below 2 counts as 2,
 * so the array must hold at least 2). */
static inline void HbTimelineInit(HbTimeline* t, HbTimelineBucket* buckets,
                                  size_t capacity) {
  t->buckets = buckets;
  t->capacity = capacity < 2 ? 2 : capacity;
  t->count = 0;
  t->stride = 1;
  t->in_current = 0;
  t->current.low_time = t->current.low_bytes = 0;
  t->current.high_time = t->current.high_bytes = 0;
}

/* Merges b (later) into a; ties keep a's earlier point. */
static inline void HbTimelineMerge(HbTimelineBucket* a,
                                   const HbTimelineBucket* b) {
  if (b->low_bytes < a->low_bytes) {
    a->low_time = b->low_time;
    a->low_bytes = b->low_bytes;
  }
  if (b->high_bytes > a->high_bytes) {
    a->high_time = b->high_time;
    a->high_bytes = b->high_bytes;
  }
}

/* Adds one sample; samples come in time order. */
static inline void HbTimelineAdd(HbTimeline* t, uint64_t time, uint64_t bytes) {
  HbTimelineBucket point = {time, bytes, time, bytes};
  if (t->in_current == 0) {
    t->current = point;
  } else {
    HbTimelineMerge(&t->current, &point);
  }
  if (++t->in_current < t->stride) return;
  if (t->count == t->capacity) {
    size_t kept = 0;
    for (size_t i = 0; i < t->count; i += 2) {
      t->buckets[kept] = t->buckets[i];
      if (i + 1 < t->count)
        HbTimelineMerge(&t->buckets[kept], &t->buckets[i + 1]);
      ++kept;
    }
    t->count = kept;
    t->stride *= 2;
  }
  t->buckets[t->count++] = t->current;
  t->in_current = 0;
}

/* Returns the number of buckets to emit (the full ones and a partial one). */
static inline size_t HbTimelineBucketCount(const HbTimeline* t) {
  return t->count + (t->in_current != 0 ? 1 : 0);
}

/* Returns bucket i of HbTimelineBucketCount, the partial one last. */
static inline const HbTimelineBucket* HbTimelineBucketAt(const HbTimeline* t,
                                                         size_t i) {
  return i < t->count ? &t->buckets[i] : &t->current;
}

/* Writes a bucket's points in time order to `times` and `bytes` (room for
 * 2); returns how many: 1 when low and high are the same point. */
static inline int HbTimelineBucketPoints(const HbTimelineBucket* b,
                                         uint64_t times[2], uint64_t bytes[2]) {
  int low_first = b->low_time <= b->high_time;
  times[0] = low_first ? b->low_time : b->high_time;
  bytes[0] = low_first ? b->low_bytes : b->high_bytes;
  if (b->low_time == b->high_time && b->low_bytes == b->high_bytes) return 1;
  times[1] = low_first ? b->high_time : b->low_time;
  bytes[1] = low_first ? b->high_bytes : b->low_bytes;
  return 2;
}

#ifdef __cplusplus
}
#endif

#endif /* HEAPBOUND_COMMON_TIMELINE_BUCKETS_H_ */
