#include "timeline_sampler.h"

namespace heapbound {

TimelineSampler::TimelineSampler(std::size_t max_buckets)
    : max_buckets_(max_buckets < 2 ? 2 : max_buckets) {
  buckets_.reserve(max_buckets_);
}

TimelineSampler::Bucket TimelineSampler::Merge(const Bucket& a,
                                               const Bucket& b) {
  // Keeps the earlier point on ties so the first time the peak is reached
  // stays the peak's time.
  return Bucket{b.low.heap_bytes < a.low.heap_bytes ? b.low : a.low,
                b.high.heap_bytes > a.high.heap_bytes ? b.high : a.high};
}

void TimelineSampler::Add(std::uint64_t time, std::uint64_t heap_bytes) {
  TimelinePoint point{time, heap_bytes};
  current_ = in_current_ == 0 ? Bucket{point, point}
                              : Merge(current_, Bucket{point, point});
  if (++in_current_ < stride_) return;
  if (buckets_.size() == max_buckets_) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < buckets_.size(); i += 2) {
      buckets_[kept++] = i + 1 < buckets_.size()
                             ? Merge(buckets_[i], buckets_[i + 1])
                             : buckets_[i];
    }
    buckets_.resize(kept);
    stride_ *= 2;
  }
  buckets_.push_back(current_);
  in_current_ = 0;
}

std::vector<TimelinePoint> TimelineSampler::Points() const {
  std::vector<TimelinePoint> points;
  auto emit = [&points](const Bucket& bucket) {
    const TimelinePoint& first =
        bucket.low.time <= bucket.high.time ? bucket.low : bucket.high;
    const TimelinePoint& second =
        bucket.low.time <= bucket.high.time ? bucket.high : bucket.low;
    points.push_back(first);
    if (second.time != first.time || second.heap_bytes != first.heap_bytes) {
      points.push_back(second);
    }
  };
  for (const Bucket& bucket : buckets_) emit(bucket);
  if (in_current_ != 0) emit(current_);
  return points;
}

}  // namespace heapbound
