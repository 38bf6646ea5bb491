// Runs the golden programs live under massif, heaptrack and the tracker and
// checks that all three give the known exact peak (label: memory).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "run_child.h"
#include "scratch_dir.h"
#include "tool_adapter.h"
#include "track.h"

namespace heapbound {
namespace {

// Peaks above each program's baseline (the libstdc++ pool), per programs/.
struct Program {
  const char* name;
  std::uint64_t net_peak;
  bool aborts;
};
constexpr Program kPrograms[] = {
    {"final_peak", 3000, false},      {"second_peak", 100500, false},
    {"frees_between", 12000, false},  {"abort_mid", 10000, true},
    {"realloc_calloc", 10000, false}, {"aligned", 8576, false},
    {"new_sizes", 120, false},
};
// heaptrack 1.4 does not hook memalign (2560 of aligned's bytes) nor
// operator new (it sees libstdc++'s malloc(1) for new(0) and aligned sizes
// rounded up: 62 more bytes in new_sizes).
constexpr std::uint64_t kHeaptrackMissesMemalign = 2560;
constexpr std::uint64_t kHeaptrackNewRounding = 62;

std::unique_ptr<ToolAdapter> Tool(const std::string& name) {
  if (name == "track")
    return std::make_unique<TrackAdapter>(HEAPBOUND_TRACK_LIBRARY);
  return MakeToolAdapter(name);
}

// Removes a run's raw files when it goes out of scope, also when Parse
// throws (an aborted run under heaptrack once left its .zst behind).
class RawFiles {
 public:
  RawFiles(const ToolAdapter& tool, std::string stem)
      : tool_(tool), stem_(std::move(stem)) {
    Remove();
  }
  ~RawFiles() { Remove(); }

 private:
  void Remove() const {
    for (const std::string& file : tool_.RawFiles(stem_)) {
      std::remove(file.c_str());
    }
  }
  const ToolAdapter& tool_;
  std::string stem_;
};

// Runs `program` under `tool` with its output in the test's scratch folder
// (in the build tree) and returns the parsed measurement. Throws
// ToolOutputError.
Measurement RunUnder(const ToolAdapter& tool, const std::string& program) {
  std::string stem = ScratchDir() + "/live_" + tool.name() + "_" + program;
  RawFiles cleanup(tool, stem);
  int status = RunChild(
      tool.Wrap({std::string(HEAPBOUND_TOOLS_PROGRAMS) + "/" + program}, stem),
      tool.Environment(stem));
  EXPECT_NE(status, -1) << "cannot start " << tool.name();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0
             ? tool.Parse(stem)
             : tool.ParseUnfinished(stem);
}

class LiveTools : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    tool_ = Tool(GetParam());
    std::string why = tool_->Unavailable();
    if (!why.empty()) GTEST_SKIP() << why;
  }
  std::unique_ptr<ToolAdapter> tool_;
};

TEST_P(LiveTools, GiveKnownExactPeaks) {
  std::uint64_t baseline = RunUnder(*tool_, "baseline").peak_bytes;
  EXPECT_EQ(baseline, 72704u) << "the libstdc++ emergency pool";
  for (const Program& program : kPrograms) {
    SCOPED_TRACE(program.name);
    bool untraced_on_abort = tool_->name() != "massif";
    if (program.aborts && untraced_on_abort) {
      // Neither heaptrack nor the tracker can report a run that aborts.
      EXPECT_THROW(RunUnder(*tool_, program.name), ToolOutputError);
      continue;
    }
    std::uint64_t expected = baseline + program.net_peak;
    if (tool_->name() == "heaptrack" &&
        std::string(program.name) == "aligned") {
      expected -= kHeaptrackMissesMemalign;
    }
    if (tool_->name() == "heaptrack" &&
        std::string(program.name) == "new_sizes") {
      expected += kHeaptrackNewRounding;
    }
    EXPECT_EQ(RunUnder(*tool_, program.name).peak_bytes, expected);
  }
}

INSTANTIATE_TEST_SUITE_P(AllTools, LiveTools,
                         ::testing::Values("massif", "heaptrack", "track"),
                         [](const auto& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace heapbound
