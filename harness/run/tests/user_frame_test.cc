#include "user_frame.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

// A source tree in a scratch dir with cases/chunk.cc and src/util.h.
class UserFrameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() + "/repo/project/cases");
    fs::create_directories(dir_.path() + "/repo/project/src");
    std::ofstream(root() + "/cases/chunk.cc") << "// chunk\n";
    std::ofstream(root() + "/src/util.h") << "// util\n";
  }
  std::string root() const { return dir_.path() + "/repo/project"; }

  TempDir dir_;
};

Frame At(const std::string& function, const std::string& file, int line) {
  return Frame{function, file, line};
}

TEST_F(UserFrameTest, NamesFilesOfTheTreeHoweverTheToolSpellsThem) {
  SourceTree tree(root());
  EXPECT_EQ(tree.ProjectPath(root() + "/cases/chunk.cc"), "cases/chunk.cc");
  // The build dir's relative spelling (heaptrack, DWARF names).
  EXPECT_EQ(tree.ProjectPath("../../../cases/chunk.cc"), "cases/chunk.cc");
  EXPECT_EQ(tree.ProjectPath(root() + "/build/cmake/cases/../../../cases/"
                                      "chunk.cc"),
            "cases/chunk.cc");
  // Another checkout of the same tree (a compiler cache hit).
  EXPECT_EQ(tree.ProjectPath("/work/wt/other/cases/chunk.cc"),
            "cases/chunk.cc");
  EXPECT_EQ(tree.ProjectPath("/work/wt/other/src/util.h"), "src/util.h");
}

TEST_F(UserFrameTest, SystemAndUnknownFilesAreNotTheProjects) {
  SourceTree tree(root());
  EXPECT_EQ(tree.ProjectPath(""), std::nullopt);
  EXPECT_EQ(tree.ProjectPath("/usr/include/c++/12/bits/stl_vector.h"),
            std::nullopt);
  EXPECT_EQ(tree.ProjectPath("../sysdeps/nptl/libc_start_call_main.h"),
            std::nullopt);
  EXPECT_EQ(tree.ProjectPath("/lib/x86_64-linux-gnu/libstdc++.so.6"),
            std::nullopt);
  EXPECT_EQ(tree.ProjectPath("/work/wt/other/cases/gone.cc"), std::nullopt);
  // A system header whose tail matches a project file is still the
  // system's.
  fs::create_directories(root() + "/bits");
  std::ofstream(root() + "/bits/stl_vector.h") << "\n";
  EXPECT_EQ(tree.ProjectPath("/usr/include/c++/12/bits/stl_vector.h"),
            std::nullopt);
}

TEST_F(UserFrameTest, SkipsAllocatorAndLibraryFramesToTheCasesLine) {
  SourceTree tree(root());
  AllocationSite site;
  site.bytes = 1572864;
  site.frames = {
      At("operator new(unsigned long)", "/lib/x86_64-linux-gnu/libstdc++.so.6",
         0),
      At("std::__new_allocator<char>::allocate(unsigned long, void const*)",
         "/usr/include/c++/12/bits/new_allocator.h", 137),
      At("std::vector<char, std::allocator<char> >::push_back(char const&)",
         "/usr/include/c++/12/bits/stl_vector.h", 1287),
      At("ReadInChunks", "../../../cases/chunk.cc", 15),
      At("main", "../../../cases/driver/main.cc", 141)};
  EXPECT_EQ(UserFrame(site, tree), 3u);
}

TEST_F(UserFrameTest, WithoutTreeFilesTakesTheFirstNonSystemLine) {
  SourceTree tree(root());
  AllocationSite site;
  site.frames = {At("malloc", "", 0),
                 // massif without full paths: only the function tells.
                 At("std::vector<char>::push_back", "stl_vector.h", 1287),
                 At("Reader::Grow", "/home/me/app/reader.cc", 40),
                 At("main", "/home/me/app/main.cc", 9)};
  EXPECT_EQ(UserFrame(site, tree), 2u);
  site.frames = {At("malloc", "", 0),
                 At("??", "/lib/x86_64-linux-gnu/libc.so.6", 0)};
  EXPECT_EQ(UserFrame(site, tree), std::nullopt);
  EXPECT_EQ(UserFrame(AllocationSite{}, tree), std::nullopt);
}

TEST_F(UserFrameTest, RepoPathIsRelativeToTheCheckedOutRepository) {
  SourceTree tree(root());
  EXPECT_EQ(RepoPath("cases/chunk.cc", tree, ""), "cases/chunk.cc");
  EXPECT_EQ(RepoPath("cases/chunk.cc", tree, dir_.path() + "/repo"),
            "project/cases/chunk.cc");
  EXPECT_EQ(RepoPath("cases/chunk.cc", tree, dir_.path() + "/repo/"),
            "project/cases/chunk.cc");
  // A workspace that does not hold the tree changes nothing.
  EXPECT_EQ(RepoPath("cases/chunk.cc", tree, "/somewhere/else"),
            "cases/chunk.cc");
}

TEST(ProjectSourceTree, FindsThisRepositorysOwnCases) {
  EXPECT_EQ(ProjectSourceTree().ProjectPath("../../../cases/chunk.cc"),
            "cases/chunk.cc");
}

}  // namespace
}  // namespace heapbound
