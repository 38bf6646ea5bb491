#include "timeline_sampler.h"

namespace heapbound {

TimelineSampler::TimelineSampler(std::size_t max_buckets)
    : buckets_(max_buckets < 2 ? 2 : max_buckets) {
  HbTimelineInit(&timeline_, buckets_.data(), buckets_.size());
}

std::vector<TimelinePoint> TimelineSampler::Points() const {
  std::vector<TimelinePoint> points;
  for (std::size_t i = 0; i < HbTimelineBucketCount(&timeline_); ++i) {
    std::uint64_t times[2];
    std::uint64_t bytes[2];
    int n =
        HbTimelineBucketPoints(HbTimelineBucketAt(&timeline_, i), times, bytes);
    for (int k = 0; k < n; ++k) points.push_back({times[k], bytes[k]});
  }
  return points;
}

}  // namespace heapbound
