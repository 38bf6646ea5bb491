#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "measurement.h"

namespace heapbound {

// Downsamples a heap-over-time series of any length to at most
// 2 * max_buckets points in constant memory. Each bucket of `stride`
// consecutive samples keeps its lowest and its highest point (in time
// order); when the buckets run out, neighbours merge and the stride doubles.
// The highest point overall, the exact peak, always survives.
class TimelineSampler {
 public:
  explicit TimelineSampler(std::size_t max_buckets = 1000);

  void Add(std::uint64_t time, std::uint64_t heap_bytes);
  // Returns the kept points in time order.
  std::vector<TimelinePoint> Points() const;

 private:
  struct Bucket {
    TimelinePoint low;
    TimelinePoint high;
  };
  static Bucket Merge(const Bucket& a, const Bucket& b);

  std::size_t max_buckets_;
  std::uint64_t stride_ = 1;
  std::uint64_t in_current_ = 0;
  Bucket current_{};
  std::vector<Bucket> buckets_;
};

}  // namespace heapbound
