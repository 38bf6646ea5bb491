#include "results_writer.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bound_expression.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr char kVersion[] = "0.1.0";

void WriteFile(const std::string& path, const std::string& text) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error(path + ": cannot write");
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error)
    throw std::runtime_error(path + ": cannot write: " + error.message());
}

Json OptionalBool(const std::optional<bool>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json SitesJson(const std::vector<AllocationSite>& sites) {
  Json array = Json::array();
  for (const AllocationSite& site : sites) {
    Json frames = Json::array();
    for (const Frame& frame : site.frames) {
      frames.push_back({{"function", frame.function},
                        {"file", frame.file},
                        {"line", frame.line}});
    }
    array.push_back({{"bytes", site.bytes}, {"frames", std::move(frames)}});
  }
  return array;
}

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // Drops control characters XML 1.0 cannot carry.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t')
          out += c;
    }
  }
  return out;
}

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
    std::fprintf(out,
                 "    (the tool recorded no allocation sites at the peak)\n");
    return;
  }
  std::fprintf(out, "    top allocation sites at the peak:\n");
  for (std::size_t i = 0; i < sites.size() && i < count; ++i) {
    std::vector<Frame> frames = InterestingFrames(sites[i], 3);
    std::fprintf(out, "    %zu. %12s B %-11s %s\n", i + 1,
                 fmt::format("{}", sites[i].bytes).c_str(),
                 fmt::format("({})", HumanBytes(sites[i].bytes)).c_str(),
                 frames.empty() ? "??" : FrameText(frames[0]).c_str());
    for (std::size_t f = 1; f < frames.size(); ++f) {
      std::fprintf(out, "%33s <- %s\n", "", FrameText(frames[f]).c_str());
    }
  }
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

std::string ResultsJson(const std::map<std::string, FixtureStats>& fixtures,
                        const std::vector<JobResult>& results) {
  Json root;
  root["schema"] = 1;
  root["heapbound_version"] = kVersion;
  Json fixture_json = Json::object();
  for (const auto& [name, stats] : fixtures) {
    fixture_json[name] = {{"total_bytes", stats.total_bytes},
                          {"files", stats.files},
                          {"max_file", stats.max_file},
                          {"max_line", stats.max_line},
                          {"max_dir_entries", stats.max_dir_entries},
                          {"digest", stats.digest}};
  }
  root["fixtures"] = std::move(fixture_json);
  Json rows = Json::array();
  for (const JobResult& r : results) {
    Json row;
    row["case"] = r.case_name;
    row["fixture"] = r.fixture;
    row["tool"] = r.tool;
    row["role"] = r.role;
    row["expect"] = r.expect;
    row["status"] = r.status;
    row["peak_bytes"] = r.peak_bytes;
    row["baseline_bytes"] = r.baseline_bytes;
    row["net_peak_bytes"] = r.net_peak_bytes;
    row["bound_bytes"] = r.bound_bytes ? Json(*r.bound_bytes) : Json(nullptr);
    row["bound_expr"] =
        r.bound_expr.empty() ? Json(nullptr) : Json(r.bound_expr);
    row["max_rss_bytes"] = r.max_rss_bytes;
    row["wall_seconds"] = r.wall_seconds;
    row["digest_ok"] = OptionalBool(r.digest_ok);
    row["message"] = r.message;
    row["timeline"] = r.timeline.empty() ? Json(nullptr) : Json(r.timeline);
    row["raw"] = r.raw;
    row["top_sites"] = SitesJson(r.top_sites);
    rows.push_back(std::move(row));
  }
  root["results"] = std::move(rows);
  return root.dump(1) + "\n";
}

std::string TimelineJson(const JobResult& r) {
  Json root;
  root["case"] = r.case_name;
  root["fixture"] = r.fixture;
  root["tool"] = r.tool;
  root["time_unit"] = r.measurement.time_unit;
  root["peak_bytes"] = r.peak_bytes;
  Json points = Json::array();
  for (const TimelinePoint& point : r.measurement.timeline) {
    points.push_back(Json::array({point.time, point.heap_bytes}));
  }
  root["points"] = std::move(points);
  return root.dump() + "\n";
}

std::string JunitXml(const std::vector<JobResult>& results) {
  int failures = 0, errors = 0, skipped = 0;
  double total = 0;
  for (const JobResult& r : results) {
    failures += r.status == "fail" || r.status == "xpass";
    errors += r.status == "error";
    skipped += r.status == "skip";
    total += r.wall_seconds;
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format(
      "<testsuites name=\"heapbound\" tests=\"{}\" failures=\"{}\" "
      "errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\">\n",
      results.size(), failures, errors, skipped, total);
  xml += fmt::format(
      "  <testsuite name=\"heapbound.memory\" tests=\"{}\" failures=\"{}\" "
      "errors=\"{}\" "
      "skipped=\"{}\" time=\"{:.3f}\">\n",
      results.size(), failures, errors, skipped, total);
  for (const JobResult& r : results) {
    xml += fmt::format(
        "    <testcase classname=\"heapbound.{}\" name=\"{}.{}\" "
        "time=\"{:.3f}\">\n",
        XmlEscape(r.case_name), XmlEscape(r.fixture), XmlEscape(r.tool),
        r.wall_seconds);
    std::string summary = fmt::format(
        "{} {}: net peak {} B, bound {}", r.status, r.Id(), r.net_peak_bytes,
        r.bound_bytes ? fmt::format("{} B ({})", *r.bound_bytes, r.bound_expr)
                      : "none");
    if (r.status == "fail" || r.status == "xpass") {
      xml += fmt::format(
          "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
          XmlEscape(r.message), r.status, XmlEscape(summary));
    } else if (r.status == "error") {
      xml +=
          fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n",
                      XmlEscape(r.message.substr(0, r.message.find('\n'))),
                      XmlEscape(r.message));
    } else if (r.status == "skip") {
      xml += fmt::format("      <skipped message=\"{}\"/>\n",
                         XmlEscape(r.message));
    }
    xml +=
        fmt::format("      <system-out>{}</system-out>\n", XmlEscape(summary));
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

namespace {

// The net peak, bound and margin cells shared by summary.md and the
// terminal table; `none` fills a cell with no value, `quote` wraps the
// bound expression.
struct SummaryCells {
  std::string net, bound, margin;
};

SummaryCells CellsOf(const JobResult& r, const std::string& none,
                     const std::string& quote) {
  SummaryCells cells{r.measured ? HumanBytes(r.net_peak_bytes) : none, none,
                     none};
  if (r.role == "baseline") {
    cells.net = r.measured ? HumanBytes(r.peak_bytes) + " (peak)" : none;
  } else if (r.bound_bytes) {
    cells.bound = fmt::format("{} ({}{}{})", HumanBytes(*r.bound_bytes), quote,
                              r.bound_expr, quote);
    if (r.measured && *r.bound_bytes > 0) {
      double bound = static_cast<double>(*r.bound_bytes);
      cells.margin = fmt::format(
          "{:.1f} %",
          100.0 * (bound - static_cast<double>(r.net_peak_bytes)) / bound);
    }
  }
  return cells;
}

}  // namespace

std::string SummaryMarkdown(const std::vector<JobResult>& results) {
  std::map<std::string, int> counts;
  for (const JobResult& r : results) ++counts[r.status];
  std::string totals;
  for (const auto& [status, count] : counts) {
    totals += fmt::format("{}{} {}", totals.empty() ? "" : ", ", count, status);
  }
  std::string md = "# heapbound results\n\n" + totals + "\n\n";
  md += "| case | fixture | tool | net peak | bound | margin | status |\n";
  md += "|---|---|---|---:|---:|---:|---|\n";
  for (const JobResult& r : results) {
    SummaryCells cells = CellsOf(r, "—", "`");
    std::string status = r.status;
    if (r.status == "fail" || r.status == "xpass" || r.status == "error")
      status = "**" + status + "**";
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", r.case_name,
                      r.fixture, r.tool, cells.net, cells.bound, cells.margin,
                      status);
  }
  bool any_problem = false;
  for (const JobResult& r : results) {
    if (r.status != "fail" && r.status != "xpass" && r.status != "error")
      continue;
    if (!any_problem) md += "\n## Problems\n\n";
    any_problem = true;
    std::string first_line = r.message.substr(0, r.message.find('\n'));
    md += fmt::format("- **{}** `{}`: {}\n", r.status, r.Id(), first_line);
  }
  return md;
}

std::string SummaryTable(const std::vector<JobResult>& results) {
  std::vector<std::vector<std::string>> rows = {
      {"case", "fixture", "tool", "net peak", "bound", "margin", "status"}};
  for (const JobResult& r : results) {
    SummaryCells cells = CellsOf(r, "-", "");
    rows.push_back({r.case_name, r.fixture, r.tool, cells.net, cells.bound,
                    cells.margin, r.status});
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

void WriteOutputs(const std::string& out_dir,
                  const std::map<std::string, FixtureStats>& fixtures,
                  const std::vector<JobResult>& results) {
  std::error_code error;
  fs::create_directories(out_dir + "/timelines", error);
  if (error)
    throw std::runtime_error(out_dir +
                             "/timelines: cannot create: " + error.message());
  for (const JobResult& r : results) {
    if (!r.timeline.empty())
      WriteFile(out_dir + "/" + r.timeline, TimelineJson(r));
  }
  WriteFile(out_dir + "/results.json", ResultsJson(fixtures, results));
  WriteFile(out_dir + "/junit.xml", JunitXml(results));
  WriteFile(out_dir + "/summary.md", SummaryMarkdown(results));
}

void PrintProblems(std::FILE* out, const std::vector<JobResult>& results) {
  for (const JobResult& r : results) {
    if (r.status == "fail" || r.status == "xpass") {
      std::uint64_t bound = r.bound_bytes.value_or(0);
      std::uint64_t net = r.net_peak_bytes;
      std::string relation =
          net > bound
              ? fmt::format("over by {} B ({}, {:+.1f} %)", net - bound,
                            HumanBytes(net - bound),
                            bound ? 100.0 * (net - bound) / bound : 100.0)
              : fmt::format(
                    "under by {} B ({}) — a negative control must exceed",
                    bound - net, HumanBytes(bound - net));
      std::fprintf(
          out,
          "%s %s on %s under %s: net peak %llu B (%s) vs bound %llu B (%s) = "
          "\"%s\"; %s\n",
          r.status == "fail" ? "FAIL" : "XPASS", r.case_name.c_str(),
          r.fixture.c_str(), r.tool.c_str(),
          static_cast<unsigned long long>(net), HumanBytes(net).c_str(),
          static_cast<unsigned long long>(bound), HumanBytes(bound).c_str(),
          r.bound_expr.c_str(), relation.c_str());
      std::fprintf(out, "    peak %llu B - baseline %llu B\n",
                   static_cast<unsigned long long>(r.peak_bytes),
                   static_cast<unsigned long long>(r.baseline_bytes));
      PrintSites(out, r.top_sites, 5);
    } else if (r.status == "xfail") {
      std::string site = "no allocation sites recorded";
      if (!r.top_sites.empty()) {
        std::vector<Frame> frames = InterestingFrames(r.top_sites[0], 1);
        site = fmt::format("{} in {}", HumanBytes(r.top_sites[0].bytes),
                           frames.empty() ? "??" : FrameText(frames[0]));
      }
      std::fprintf(out,
                   "xfail %s on %s under %s: net peak %s > bound %s = \"%s\" "
                   "as expected; top site %s\n",
                   r.case_name.c_str(), r.fixture.c_str(), r.tool.c_str(),
                   HumanBytes(r.net_peak_bytes).c_str(),
                   HumanBytes(r.bound_bytes.value_or(0)).c_str(),
                   r.bound_expr.c_str(), site.c_str());
    } else if (r.status == "error") {
      std::fprintf(out, "ERROR %s on %s under %s: %s\n", r.case_name.c_str(),
                   r.fixture.c_str(), r.tool.c_str(), r.message.c_str());
    }
  }
}

}  // namespace heapbound
