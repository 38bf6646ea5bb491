#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "bounds_file.h"
#include "judge.h"
#include "tool_adapter.h"

namespace heapbound {

// A fresh directory under the test temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string base = ::testing::TempDir() + "heapbound-run-XXXXXX";
    path_ = mkdtemp(base.data()) ? base : "";
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A tool named track that runs the command as is, with FAKE_STEM=<stem> in
// its environment, and takes the peak a fake driver wrote to <stem>.fake
// (none: "empty, run was not traced"). Decorate adds what a test needs
// beyond the peak.
class PeakFileTool : public ToolAdapter {
 public:
  explicit PeakFileTool(std::string unavailable = "")
      : unavailable_(std::move(unavailable)) {}
  std::string name() const override { return "track"; }
  std::string debian_package() const override { return "fake-package"; }
  std::string Unavailable() const override { return unavailable_; }
  std::vector<std::string> Wrap(const std::vector<std::string>& command,
                                const std::string&) const override {
    return command;
  }
  std::vector<std::pair<std::string, std::string>> Environment(
      const std::string& stem) const override {
    return {{"FAKE_STEM", stem}};
  }
  Measurement Parse(const std::string& stem) const override {
    std::ifstream in(stem + ".fake");
    Measurement m;
    if (!(in >> m.peak_bytes))
      throw ToolOutputError(stem + ".fake: empty, run was not traced");
    m.time_unit = "allocations";
    Decorate(m);
    return m;
  }
  std::vector<std::string> RawFiles(const std::string& stem) const override {
    return {stem + ".fake"};
  }

 protected:
  virtual void Decorate(Measurement&) const {}

 private:
  std::string unavailable_;
};

inline BoundsVocabulary TestVocabulary() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk", "line_stream", "whole_file_readall"};
  vocabulary.tools = {"massif", "heaptrack", "track"};
  vocabulary.is_profile = [](const std::string&) { return true; };
  return vocabulary;
}

// Returns a measured row of whole_file_readall on small under massif, net
// peak 2927296 B against a 1000000 B bound, with `status` and one top site
// whose stack starts in the allocator.
inline JobResult SampleReadAllRow(Status status) {
  JobResult r;
  r.job.case_name = "whole_file_readall";
  r.job.fixture = "small";
  r.job.tool = "massif";
  r.job.bound_text = "max_file";
  r.job.bound_bytes = 1000000;
  r.status = status;
  r.peak_bytes = 3000000;
  r.baseline_bytes = 72704;
  r.net_peak_bytes = 3000000 - 72704;
  r.measured = true;
  AllocationSite site;
  site.bytes = 2900000;
  site.frames = {{"realloc", "", 0},
                 {"operator new(unsigned long)", "new_op.cc", 50},
                 {"heapbound::(anonymous namespace)::ReadAll",
                  "cases/whole_file_readall.cc", 31},
                 {"heapbound::CaseVisitor::Visit", "cases/driver/main.cc", 35},
                 {"heapbound::WalkTree", "fixtures/tree_walker.cc", 90},
                 {"main", "cases/driver/main.cc", 120}};
  r.top_sites = {site};
  return r;
}

}  // namespace heapbound
