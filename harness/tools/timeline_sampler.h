#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "measurement.h"
#include "timeline_buckets.h"

namespace heapbound {

// Downsamples a heap-over-time series of any length to at most
// 2 * max_buckets points in constant memory: the C++ face of the sampler
// the tracker uses (harness/common/timeline_buckets.h). Each bucket of
// `stride` consecutive samples keeps its lowest and its highest point (in
// time order); when the buckets run out, neighbours merge and the stride
// doubles. The highest point overall, the exact peak, always survives.
class TimelineSampler {
 public:
  explicit TimelineSampler(std::size_t max_buckets = 1000);
  TimelineSampler(const TimelineSampler&) = delete;
  TimelineSampler& operator=(const TimelineSampler&) = delete;

  void Add(std::uint64_t time, std::uint64_t heap_bytes) {
    HbTimelineAdd(&timeline_, time, heap_bytes);
  }
  // Returns the kept points in time order.
  std::vector<TimelinePoint> Points() const;

 private:
  std::vector<HbTimelineBucket> buckets_;
  HbTimeline timeline_;
};

}  // namespace heapbound
