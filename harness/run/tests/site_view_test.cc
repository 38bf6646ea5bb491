#include "site_view.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

TEST(ShortFunction, DropsParametersReturnTypesAndTemplateArguments) {
  EXPECT_EQ(ShortFunction("std::vector<char, std::allocator<char> >::push_back("
                          "char const&)"),
            "std::vector<...>::push_back");
  EXPECT_EQ(ShortFunction("void std::vector<char, std::allocator<char> >::_M_"
                          "realloc_insert<char const&>(__gnu_cxx::__normal_"
                          "iterator<char*, std::vector<char> >, char const&)"),
            "std::vector<...>::_M_realloc_insert<...>");
  EXPECT_EQ(ShortFunction("heapbound::(anonymous namespace)::ReadLines("
                          "heapbound::FileEntry const&, heapbound::ByteSink&)"),
            "heapbound::(anonymous namespace)::ReadLines");
  EXPECT_EQ(ShortFunction("Foo::size() const"), "Foo::size");
  EXPECT_EQ(ShortFunction("operator new(unsigned long)"), "operator new");
  EXPECT_EQ(ShortFunction("operator<<(std::ostream&, Foo const&)"),
            "operator<<");
  EXPECT_EQ(ShortFunction("operator<(Foo const&, Foo const&)"), "operator<");
  EXPECT_EQ(ShortFunction(""), "??");
}

// A tree holding cases/grow.cc, so frames there are the project's.
class SiteViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() + "/cases");
    std::ofstream(dir_.path() + "/cases/grow.cc") << "\n";
  }
  TempDir dir_;
};

AllocationSite VectorSite() {
  AllocationSite site;
  site.bytes = 1572864;
  site.frames = {
      {"operator new(unsigned long)", "/lib/x86_64-linux-gnu/libstdc++.so.6",
       0},
      {"std::_Vector_base<char, std::allocator<char> >::_M_allocate(unsigned "
       "long)",
       "/usr/include/c++/12/bits/stl_vector.h", 378},
      {"std::vector<char, std::allocator<char> >::push_back(char const&)",
       "/usr/include/c++/12/bits/stl_vector.h", 1287},
      {"GrowVector(FileEntry const&, ByteSink&)", "../../../cases/grow.cc", 26},
      {"Visit", "../../../cases/support/case_registry.cc", 39},
      {"main", "../../../cases/driver/main.cc", 141}};
  return site;
}

TEST_F(SiteViewTest, PutsTheUserFrameFirstThenTheStackToItsCaller) {
  SourceTree tree(dir_.path());
  SiteView view = ViewOf(VectorSite(), tree);
  EXPECT_EQ(view.user_frame, 3u);
  EXPECT_EQ(view.project_path, "cases/grow.cc");
  EXPECT_EQ(view.line, 26);
  EXPECT_EQ(view.Headline(),
            "cases/grow.cc:26  GrowVector  <- via std::vector<...>::push_back");
  EXPECT_THAT(
      view.stack,
      ElementsAre("std::_Vector_base<...>::_M_allocate  "
                  "/usr/include/c++/12/bits/stl_vector.h:378",
                  "std::vector<...>::push_back  /usr/include/c++/12/bits/"
                  "stl_vector.h:1287",
                  "GrowVector  cases/grow.cc:26",
                  // Not in this tree: the tool's spelling stays.
                  "Visit  ../../../cases/support/case_registry.cc:39"));
}

TEST_F(SiteViewTest, WithoutAUserFrameShowsTheFirstFramesPastTheAllocator) {
  SourceTree tree(dir_.path());
  AllocationSite site;
  site.bytes = 64;
  site.frames = {{"malloc", "", 0},
                 {"??", "/lib/x86_64-linux-gnu/libc.so.6", 0},
                 {"_dl_start", "/lib64/ld-linux-x86-64.so.2", 0}};
  SiteView view = ViewOf(site, tree);
  EXPECT_EQ(view.user_frame, std::nullopt);
  EXPECT_EQ(view.project_path, std::nullopt);
  EXPECT_EQ(view.Headline(), "/lib/x86_64-linux-gnu/libc.so.6  ??");
  EXPECT_THAT(view.stack,
              ElementsAre("??  /lib/x86_64-linux-gnu/libc.so.6",
                          "_dl_start  /lib64/ld-linux-x86-64.so.2"));
}

TEST_F(SiteViewTest, FoldsLongStacksKeepingTheUserEnd) {
  SourceTree tree(dir_.path());
  AllocationSite site;
  site.bytes = 1;
  for (int i = 0; i < 12; ++i)
    site.frames.push_back({fmt::format("lib{}", i), "/usr/lib/x.so", 0});
  site.frames.push_back({"Grow", "cases/grow.cc", 7});
  site.frames.push_back({"main", "cases/driver/main.cc", 3});
  SiteView view = ViewOf(site, tree);
  EXPECT_EQ(view.user_frame, 12u);
  EXPECT_THAT(
      view.stack,
      ElementsAre("lib0  /usr/lib/x.so", "lib1  /usr/lib/x.so",
                  "... 7 more frames", "lib9  /usr/lib/x.so",
                  "lib10  /usr/lib/x.so", "lib11  /usr/lib/x.so",
                  "Grow  cases/grow.cc:7", "main  cases/driver/main.cc:3"));
}

TEST_F(SiteViewTest, MassifsSmallAllocationsReadAsThemselves) {
  SourceTree tree(dir_.path());
  AllocationSite site;
  site.bytes = 1373;
  site.frames = {{"in 4 places, all below massif's threshold (1.00%)", "", 0}};
  SiteView view = ViewOf(site, tree);
  EXPECT_EQ(view.Headline(),
            "in 4 places, all below massif's threshold (1.00%)");
  EXPECT_TRUE(view.stack.empty());
}

}  // namespace
}  // namespace heapbound
