#include "folded_stacks.h"

#include <gtest/gtest.h>

namespace heapbound {
namespace {

TEST(FoldedFrame, NamesFileAndLineWhenKnown) {
  EXPECT_EQ(FoldedFrame({"ReadAll", "cases/readall.cc", 31}),
            "ReadAll (cases/readall.cc:31)");
  EXPECT_EQ(FoldedFrame({"memcpy", "/lib/libc.so.6", 0}),
            "memcpy (/lib/libc.so.6)");
  EXPECT_EQ(FoldedFrame({"main", "", 0}), "main");
  EXPECT_EQ(FoldedFrame({"", "", 0}), "??");
}

TEST(FoldedFrame, KeepsTheSeparatorsOutOfNames) {
  EXPECT_EQ(FoldedFrame({"f<a;b>\nx", "", 0}), "f<a:b> x");
}

TEST(FoldedStacks, PutsTheRootFirstMergesAndSorts) {
  std::vector<AllocationSite> stacks = {
      {500, {{"Grow", "g.cc", 9}, {"Read", "r.cc", 4}, {"main", "m.cc", 2}}},
      {72704, {{"pool", "", 0}, {"init", "", 0}}},
      {20, {{"Grow", "g.cc", 9}, {"Read", "r.cc", 4}, {"main", "m.cc", 2}}},
      {0, {{"Gone", "", 0}}},
      {7, {}}};
  EXPECT_EQ(FoldedStacks(stacks),
            "(unknown) 7\n"
            "init;pool 72704\n"
            "main (m.cc:2);Read (r.cc:4);Grow (g.cc:9) 520\n");
}

TEST(FoldedStacks, NoStacksIsAnEmptyFile) { EXPECT_EQ(FoldedStacks({}), ""); }

}  // namespace
}  // namespace heapbound
