// Every registered reader case, on hand-built trees of the shapes that break
// naive readers, must give the digest an independent reference computes; and
// every read failure must surface as an IoError naming the path.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "case_registry.h"
#include "test_support.h"
#include "tree_digest.h"
#include "tree_walker.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using testing_support::CaseNames;
using testing_support::ReferenceDigest;
using testing_support::RunCaseInProcess;
using testing_support::TempDir;
using testing_support::TreeResult;
using testing_support::WriteFile;

constexpr std::size_t kHugeLine = 64u << 20;  // the edge profile's 64 MiB line

// Returns `length` bytes of deterministic binary noise, NULs included.
std::string Noise(std::size_t length, unsigned seed) {
  std::mt19937 random(seed);
  std::string out(length, '\0');
  for (char& c : out) c = static_cast<char>(random() & 0xff);
  return out;
}

class CaseDigest : public ::testing::TestWithParam<std::string> {
 protected:
  const Case& reader() const { return *FindCase(GetParam().c_str()); }

  // Asserts the case reads `root` exactly as the reference does.
  void ExpectMatchesReference(const std::string& root) {
    TreeResult expected = ReferenceDigest(root);
    TreeResult actual = RunCaseInProcess(reader(), root);
    EXPECT_EQ(actual.digest, expected.digest) << "case " << GetParam();
    EXPECT_EQ(actual.bytes, expected.bytes);
    EXPECT_EQ(actual.files, expected.files);
  }

  // Builds the 64 MiB tree and its reference once for all cases.
  static const std::pair<std::unique_ptr<TempDir>, TreeResult>& HugeLineTree() {
    if (!huge_line_tree_.first) {
      auto dir = std::make_unique<TempDir>();
      WriteFile(dir->Join("logs/huge.log"), std::string(kHugeLine, 'x'));
      WriteFile(dir->Join("logs/huge-then-short.log"),
                std::string(kHugeLine / 4, 'y') + "\nshort\n");
      huge_line_tree_.second = ReferenceDigest(dir->path());
      huge_line_tree_.first = std::move(dir);
    }
    return huge_line_tree_;
  }

  static void TearDownTestSuite() { huge_line_tree_.first.reset(); }

  TempDir dir_;
  static std::pair<std::unique_ptr<TempDir>, TreeResult> huge_line_tree_;
};

std::pair<std::unique_ptr<TempDir>, TreeResult> CaseDigest::huge_line_tree_;

TEST_P(CaseDigest, MatchesPinnedDigestOfTinyTree) {
  WriteFile(dir_.Join("scrapy.cfg"), "[settings]\ndefault = quotes.settings\n");
  WriteFile(dir_.Join("logs/quotes/20190820093000.log"),
            "2019-08-20 09:30:00 [scrapy] INFO: Spider opened\r\nno newline");
  WriteFile(dir_.Join("logs/quotes/empty.log"), "");
  // Pins the tree digest format itself (tree_digest.h): if this changes,
  // every manifest ever written is stale. Computed outside heapbound with
  // `xxhsum -H3` over the files and over the packed records.
  TreeResult actual = RunCaseInProcess(reader(), dir_.path());
  EXPECT_EQ(actual.digest, "cafb423f5813686c");
  EXPECT_EQ(actual.bytes, 97u);
  EXPECT_EQ(actual.files, 3u);
}

TEST_P(CaseDigest, ReadsCrlfLines) {
  // Puts CR and LF on both sides of every read-buffer boundary.
  std::string log;
  for (int i = 0; log.size() < 70000; ++i) {
    log += "2019-08-20 09:30:" + std::to_string(i % 60) +
           " [scrapy.core.engine] DEBUG: Crawled (200) <GET https://x/" +
           std::string(i % 97, 'p') + ">\r\n";
  }
  WriteFile(dir_.Join("crlf.log"), log);
  WriteFile(dir_.Join("cr-at-4095.log"),
            std::string(4095, 'a') + "\r\n" + "b\r\n");
  WriteFile(dir_.Join("cr-at-16383.log"), std::string(16383, 'a') + "\r\nb");
  ExpectMatchesReference(dir_.path());
}

TEST_P(CaseDigest, ReadsFilesWithoutTrailingNewline) {
  WriteFile(dir_.Join("a.log"), "first\nsecond\nlast without newline");
  WriteFile(dir_.Join("b.log"), "x");
  WriteFile(dir_.Join("c.log"), "\n\n\n");
  ExpectMatchesReference(dir_.path());
}

TEST_P(CaseDigest, ReadsEmptyFilesAndDirectories) {
  WriteFile(dir_.Join("empty"), "");
  WriteFile(dir_.Join("sub/also empty"), "");
  fs::create_directories(dir_.Join("empty dir/nested"));
  ExpectMatchesReference(dir_.path());
  EXPECT_EQ(RunCaseInProcess(reader(), dir_.path()).files, 2u);
}

TEST_P(CaseDigest, ReadsSizesAroundBufferAndGrowthBoundaries) {
  // 512, 1536, 3584: Go's capacities; 4096 and 16384: read buffers.
  for (std::size_t size :
       {1u, 511u, 512u, 513u, 1535u, 1536u, 1537u, 3584u, 4095u, 4096u, 4097u,
        16383u, 16384u, 16385u, 65536u, 100000u}) {
    std::string lines;
    while (lines.size() < size)
      lines += "line " + std::to_string(lines.size()) + "\n";
    lines.resize(size);
    WriteFile(dir_.Join("sizes/" + std::to_string(size) + ".log"), lines);
    WriteFile(dir_.Join("one-line/" + std::to_string(size)),
              std::string(size - 1, 'l') + "\n");
  }
  ExpectMatchesReference(dir_.path());
}

TEST_P(CaseDigest, ReadsNulBytesWithoutNewline) {
  WriteFile(dir_.Join("assets/blob.bin"), Noise(300000, 7));
  WriteFile(dir_.Join("assets/zeros.bin"), std::string(20000, '\0'));
  ExpectMatchesReference(dir_.path());
}

TEST_P(CaseDigest, ReadsHugeLineWithoutNewline) {
  const auto& [dir, expected] = HugeLineTree();
  TreeResult actual = RunCaseInProcess(reader(), dir->path());
  EXPECT_EQ(actual.digest, expected.digest);
  EXPECT_EQ(actual.bytes, kHugeLine + kHugeLine / 4 + 7);
  EXPECT_EQ(actual.files, 2u);
}

TEST_P(CaseDigest, SkipsSymlinksLoopsAndDangling) {
  WriteFile(dir_.Join("real.txt"), "real\n");
  fs::create_directories(dir_.Join("d"));
  fs::create_symlink("loop-b", dir_.Join("loop-a"));
  fs::create_symlink("loop-a", dir_.Join("loop-b"));
  fs::create_directory_symlink("..", dir_.Join("d/up"));
  fs::create_symlink("does-not-exist", dir_.Join("dangling"));
  fs::create_symlink("real.txt", dir_.Join("to-real.txt"));
  ExpectMatchesReference(dir_.path());
  EXPECT_EQ(RunCaseInProcess(reader(), dir_.path()).files, 1u);
}

TEST_P(CaseDigest, SkipsFifoWithoutHanging) {
  WriteFile(dir_.Join("a.log"), "before\n");
  ASSERT_EQ(::mkfifo(dir_.Join("b.fifo").c_str(), 0644), 0)
      << std::strerror(errno);
  WriteFile(dir_.Join("c.log"), "after\n");
  ExpectMatchesReference(dir_.path());
  EXPECT_EQ(RunCaseInProcess(reader(), dir_.path()).files, 2u);
}

TEST_P(CaseDigest, ReadsSixtyFourDeepNesting) {
  std::string path;
  for (int depth = 0; depth < 64; ++depth) {
    path += "level" + std::to_string(depth) + "/";
    WriteFile(dir_.Join(path + "task.log"),
              "depth " + std::to_string(depth) + "\n");
  }
  ExpectMatchesReference(dir_.path());
  EXPECT_EQ(RunCaseInProcess(reader(), dir_.path()).files, 64u);
}

TEST_P(CaseDigest, ReadsUtf8AndSpaceNamesInBytewiseOrder) {
  // Bytewise order puts "B" < "a" < "Z "... < "é": no locale may reorder.
  for (const char* name : {"a", "B", "Z spider", "é.log", "日志 2019.log",
                           "spider one/items.py", "spider one/Ä b.json"}) {
    WriteFile(dir_.Join(name), std::string(name) + "\n");
  }
  ExpectMatchesReference(dir_.path());
}

TEST_P(CaseDigest, ReadsManyTinyFilesInOneDirectory) {
  for (int i = 0; i < 1000; ++i) {
    WriteFile(dir_.Join("results/item-" + std::to_string(i) + ".jsonl"),
              "{\"i\": " + std::to_string(i) + "}\n");
  }
  ExpectMatchesReference(dir_.path());
}

// Runs a case like the driver, but lets the test change the tree right
// before each file is read.
class MeddlingVisitor : public FileVisitor {
 public:
  MeddlingVisitor(const Case& reader,
                  std::function<void(const FileEntry&)> meddle)
      : reader_(reader), meddle_(std::move(meddle)), sink_(digest_) {}

  void Visit(const FileEntry& file) override {
    meddle_(file);
    digest_.BeginFile(file.relative);
    reader_.read(file, sink_);
    digest_.EndFile();
  }

 private:
  const Case& reader_;
  std::function<void(const FileEntry&)> meddle_;
  TreeDigest digest_;
  ByteSink sink_;
};

// Returns the IoError that walking `root` with `meddle` throws.
IoError WalkExpectingError(const Case& reader, const std::string& root,
                           std::function<void(const FileEntry&)> meddle) {
  MeddlingVisitor visitor(reader, std::move(meddle));
  try {
    WalkTree(root, visitor);
  } catch (const IoError& error) {
    return error;
  }
  ADD_FAILURE() << "case " << reader.name
                << " read a changed tree without error";
  return IoError(root, 0, "no error");
}

TEST_P(CaseDigest, ReportsFileVanishedMidWalkWithPath) {
  WriteFile(dir_.Join("a.log"), "a\n");
  WriteFile(dir_.Join("logs/vanishing.log"), "gone\n");
  const std::string victim = dir_.Join("logs/vanishing.log");
  IoError error =
      WalkExpectingError(reader(), dir_.path(), [&](const FileEntry& f) {
        if (victim == f.path) {
          ASSERT_EQ(::unlinkat(f.dir_fd, f.name, 0), 0);
        }
      });
  EXPECT_EQ(error.path(), victim);
  EXPECT_EQ(error.errno_value(), ENOENT);
  EXPECT_NE(std::string(error.what()).find(victim), std::string::npos)
      << error.what();
}

TEST_P(CaseDigest, ReportsFileReplacedByDirectoryWithPath) {
  WriteFile(dir_.Join("swapped.log"), "file\n");
  const std::string victim = dir_.Join("swapped.log");
  IoError error =
      WalkExpectingError(reader(), dir_.path(), [&](const FileEntry& f) {
        ASSERT_EQ(::unlinkat(f.dir_fd, f.name, 0), 0);
        ASSERT_EQ(::mkdirat(f.dir_fd, f.name, 0755), 0);
      });
  EXPECT_EQ(error.path(), victim);
  EXPECT_NE(std::string(error.what()).find("no longer a regular file"),
            std::string::npos)
      << error.what();
}

TEST_P(CaseDigest,
       ReportsFileReplacedBySymlinkOrFifoWithoutFollowingOrHanging) {
  WriteFile(dir_.Join("a.log"), "a\n");
  WriteFile(dir_.Join("b.log"), "b\n");
  WriteFile(dir_.Join("target.txt"), "not to be read through a link\n");
  IoError link_error =
      WalkExpectingError(reader(), dir_.path(), [&](const FileEntry& f) {
        if (std::string(f.name) != "a.log") return;
        ASSERT_EQ(::unlinkat(f.dir_fd, f.name, 0), 0);
        ASSERT_EQ(::symlinkat("target.txt", f.dir_fd, f.name), 0);
      });
  EXPECT_EQ(link_error.path(), dir_.Join("a.log"));
  EXPECT_EQ(link_error.errno_value(), ELOOP);
  IoError fifo_error =
      WalkExpectingError(reader(), dir_.path(), [&](const FileEntry& f) {
        if (std::string(f.name) != "b.log") return;
        ASSERT_EQ(::unlinkat(f.dir_fd, f.name, 0), 0);
        ASSERT_EQ(::mkfifoat(f.dir_fd, f.name, 0644), 0);
      });
  EXPECT_EQ(fifo_error.path(), dir_.Join("b.log"));
}

TEST_P(CaseDigest, ReportsReadErrorWithPath) {
  // Reading /proc/self/mem at offset 0 fails with EIO even for root, which
  // chmod 000 cannot do: a real read(2) error on an open regular file.
  int proc_self = ::open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(proc_self, 0);
  FileEntry entry{"/proc/self/mem", "mem", proc_self, "mem", 0};
  TreeDigest digest;
  ByteSink sink(digest);
  digest.BeginFile(entry.relative);
  try {
    reader().read(entry, sink);
    ADD_FAILURE() << "case " << GetParam()
                  << " read /proc/self/mem without error";
  } catch (const IoError& error) {
    EXPECT_EQ(error.path(), "/proc/self/mem");
    EXPECT_EQ(error.errno_value(), EIO) << error.what();
  }
  ::close(proc_self);
}

INSTANTIATE_TEST_SUITE_P(
    AllCases, CaseDigest,
    ::testing::ValuesIn(CaseNames(/*with_baseline=*/false)),
    [](const ::testing::TestParamInfo<std::string>& info) {
      return info.param;
    });

TEST(BaselineCase, CountsEveryFileButReadsNoByte) {
  TempDir dir;
  WriteFile(dir.Join("a.log"), "a\nb\n");
  WriteFile(dir.Join("logs/big.log"), std::string(100000, 'x'));
  WriteFile(dir.Join("empty"), "");
  ::mkfifo(dir.Join("fifo").c_str(), 0644);
  TreeResult actual = RunCaseInProcess(*FindCase("baseline"), dir.path());
  TreeResult expected = ReferenceDigest(dir.path(), /*empty_files=*/true);
  EXPECT_EQ(actual.digest, expected.digest);
  EXPECT_EQ(actual.bytes, 0u);
  EXPECT_EQ(actual.files, 3u);
  EXPECT_NE(actual.digest, ReferenceDigest(dir.path()).digest);
}

TEST(CaseRegistry, HasTheMandatoryCases) {
  for (const char* name : {"baseline", "chunk", "line_stream", "mmap",
                           "whole_file_exact", "whole_file_readall"}) {
    EXPECT_NE(FindCase(name), nullptr) << name;
  }
}

TEST(ReferenceDigest, AgreesWithTreeDigestRecordFormat) {
  // Keeps the reference honest: one file, digest built from the documented
  // record by hand on both sides.
  TempDir dir;
  WriteFile(dir.Join("f"), "abc");
  TreeDigest digest;
  digest.BeginFile("f");
  digest.Update("abc", 3);
  EXPECT_EQ(digest.EndFile(), DigestBytes("abc", 3));
  EXPECT_EQ(ReferenceDigest(dir.path()).digest, DigestHex(digest.Finish()));
}

}  // namespace
}  // namespace heapbound
