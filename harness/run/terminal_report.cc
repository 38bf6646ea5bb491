#include "terminal_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "bound_expression.h"
#include "summary_cells.h"

namespace heapbound {
namespace {

bool IsAllocatorFrame(const Frame& frame) {
  static const char* const kExact[] = {
      "malloc",         "calloc",        "realloc",  "free",   "reallocarray",
      "posix_memalign", "aligned_alloc", "memalign", "valloc", "pvalloc"};
  static const char* const kPrefixes[] = {
      "operator new",         "__libc_",        "__gnu_cxx::new_allocator",
      "std::__new_allocator", "std::allocator", "std::allocator_traits"};
  std::string name = frame.function.substr(0, frame.function.find('('));
  for (const char* exact : kExact) {
    if (name == exact) return true;
  }
  for (const char* prefix : kPrefixes) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::string FrameText(const Frame& frame) {
  std::string where = frame.file.empty() ? "??" : frame.file;
  if (frame.line > 0) where += fmt::format(":{}", frame.line);
  return fmt::format("{}  {}", frame.function.empty() ? "??" : frame.function,
                     where);
}

void PrintSites(std::FILE* out, const std::vector<AllocationSite>& sites,
                std::size_t count) {
  if (sites.empty()) {
    fmt::print(out,
               "    (the tool recorded no allocation sites at the peak)\n");
    return;
  }
  fmt::print(out, "    top allocation sites at the peak:\n");
  for (std::size_t i = 0; i < sites.size() && i < count; ++i) {
    std::vector<Frame> frames = InterestingFrames(sites[i], 3);
    fmt::print(out, "    {}. {:>12} B {:<11} {}\n", i + 1, sites[i].bytes,
               fmt::format("({})", HumanBytes(sites[i].bytes)),
               frames.empty() ? "??" : FrameText(frames[0]));
    for (std::size_t f = 1; f < frames.size(); ++f)
      fmt::print(out, "{:33} <- {}\n", "", FrameText(frames[f]));
  }
}

void PrintBroken(std::FILE* out, const JobResult& r) {
  std::uint64_t bound = r.bound_bytes().value_or(0);
  std::uint64_t net = r.net_peak_bytes;
  std::string relation =
      net > bound
          ? fmt::format("over by {} B ({}, {:+.1f} %)", net - bound,
                        HumanBytes(net - bound),
                        bound ? 100.0 * (net - bound) / bound : 100.0)
          : fmt::format("under by {} B ({}) — a negative control must exceed",
                        bound - net, HumanBytes(bound - net));
  fmt::print(out,
             "{} {} on {} under {}: net peak {} B ({}) vs bound {} B ({}) = "
             "\"{}\"; {}\n",
             r.status == Status::kFail ? "FAIL" : "XPASS", r.job.case_name,
             r.job.fixture, r.job.tool, net, HumanBytes(net), bound,
             HumanBytes(bound), r.job.bound_text, relation);
  if (r.job.net_method == NetMethod::kOpenMarker) {
    fmt::print(out, "    peak after the first open {} B - heap then {} B\n",
               r.net_peak_bytes + r.baseline_bytes, r.baseline_bytes);
  } else {
    fmt::print(out, "    peak {} B - baseline {} B\n", r.peak_bytes,
               r.baseline_bytes);
  }
  if (r.hit_memory_cap) fmt::print(out, "    {}\n", r.message);
  PrintSites(out, r.top_sites, 5);
}

void PrintExpectedExcess(std::FILE* out, const JobResult& r) {
  std::string site = "no allocation sites recorded";
  if (!r.top_sites.empty()) {
    std::vector<Frame> frames = InterestingFrames(r.top_sites[0], 1);
    site = fmt::format("{} in {}", HumanBytes(r.top_sites[0].bytes),
                       frames.empty() ? "??" : FrameText(frames[0]));
  }
  fmt::print(out,
             "xfail {} on {} under {}: net peak {} > bound {} = \"{}\" as "
             "expected; top site {}\n",
             r.job.case_name, r.job.fixture, r.job.tool,
             HumanBytes(r.net_peak_bytes),
             HumanBytes(r.bound_bytes().value_or(0)), r.job.bound_text, site);
  if (r.hit_memory_cap) fmt::print(out, "    {}\n", r.message);
}

}  // namespace

std::vector<Frame> InterestingFrames(const AllocationSite& site,
                                     std::size_t max_frames) {
  std::vector<Frame> frames;
  std::size_t i = 0;
  while (i < site.frames.size() && IsAllocatorFrame(site.frames[i])) ++i;
  if (i == site.frames.size()) i = 0;  // only allocator frames: show them
  for (; i < site.frames.size() && frames.size() < max_frames; ++i)
    frames.push_back(site.frames[i]);
  return frames;
}

std::string SummaryTable(const std::vector<JobResult>& results) {
  std::vector<std::vector<std::string>> rows = {
      {"case", "fixture", "tool", "net peak", "bound", "margin", "status"}};
  for (const JobResult& r : results) {
    SummaryCells cells = CellsOf(r, "-", "");
    std::string status(StatusName(r.status));
    if (!IsVerified(r.job)) status += " (unverified)";
    rows.push_back({r.job.case_name, r.job.fixture, r.job.tool, cells.net,
                    cells.bound, cells.margin, status});
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      bool right = i >= 3 && i <= 5;
      text += right ? fmt::format("{:>{}}", row[i], widths[i])
                    : fmt::format("{:<{}}", row[i], widths[i]);
      text += i + 1 < row.size() ? "  " : "";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    text += "\n";
  }
  return text;
}

void PrintProblems(std::FILE* out, const std::vector<JobResult>& results) {
  for (const JobResult& r : results) {
    if (r.status == Status::kFail || r.status == Status::kXpass) {
      PrintBroken(out, r);
    } else if (r.status == Status::kXfail) {
      PrintExpectedExcess(out, r);
    } else if (r.status == Status::kError) {
      fmt::print(out, "ERROR {} on {} under {}: {}\n", r.job.case_name,
                 r.job.fixture, r.job.tool, r.message);
    }
  }
}

}  // namespace heapbound
