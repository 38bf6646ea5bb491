#include "timeline_sampler.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace heapbound {
namespace {

TEST(TimelineSampler, KeepsShortSeriesWhole) {
  TimelineSampler sampler(10);
  for (std::uint64_t t = 1; t <= 5; ++t) sampler.Add(t, t * 100);
  std::vector<TimelinePoint> points = sampler.Points();
  ASSERT_EQ(points.size(), 5u);
  EXPECT_EQ(points[4].time, 5u);
  EXPECT_EQ(points[4].heap_bytes, 500u);
}

TEST(TimelineSampler, DownsamplesLongSeriesKeepingPeakAndLows) {
  TimelineSampler sampler(1000);
  const std::uint64_t n = 1000003;
  const std::uint64_t peak_time = 777777;
  for (std::uint64_t t = 1; t <= n; ++t) {
    // A saw tooth between 0 and 4096 with one spike.
    std::uint64_t heap = t == peak_time ? 999999 : (t % 2 == 0 ? 4096 : 0);
    sampler.Add(t, heap);
  }
  std::vector<TimelinePoint> points = sampler.Points();
  EXPECT_LE(points.size(), 2000u);
  EXPECT_GT(points.size(), 500u);
  auto peak =
      std::max_element(points.begin(), points.end(),
                       [](const TimelinePoint& a, const TimelinePoint& b) {
                         return a.heap_bytes < b.heap_bytes;
                       });
  EXPECT_EQ(peak->heap_bytes, 999999u);
  EXPECT_EQ(peak->time, peak_time);
  EXPECT_TRUE(
      std::any_of(points.begin(), points.end(),
                  [](const TimelinePoint& p) { return p.heap_bytes == 0; }));
  EXPECT_TRUE(
      std::is_sorted(points.begin(), points.end(),
                     [](const TimelinePoint& a, const TimelinePoint& b) {
                       return a.time < b.time;
                     }));
}

}  // namespace
}  // namespace heapbound
