#include "ci_annotations.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xxhash.h>

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>

#include "bound_expression.h"
#include "output_file.h"
#include "site_view.h"
#include "text_encoding.h"

namespace heapbound {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Sites listed in an annotation's message; GitHub shows a few lines well.
constexpr std::size_t kAnnotatedSites = 3;

// GitHub shows at most ten error and ten warning annotations per step and
// drops the rest without a word.
constexpr std::size_t kAnnotationsPerLevel = 10;

std::string Environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Returns "heapbound: chunk on small under massif broke its bound" and
// the like.
std::string Title(const JobResult& r) {
  std::string what = fmt::format("{} on {} under {}", r.job.case_name,
                                 r.job.fixture, r.job.tool);
  switch (r.status) {
    case Status::kFail:
      return "heapbound: " + what + " broke its bound";
    case Status::kXpass:
      return "heapbound: negative control " + what + " stayed under its bound";
    default:
      return "heapbound error: " + what;
  }
}

// Returns "1. 2.8 MiB at cases/x.cc:31 ReadAll <- via std::vector<...>"
// lines, or a line saying there are none.
std::vector<std::string> SiteLines(const JobResult& r, std::size_t count,
                                   const SourceTree& tree) {
  std::vector<std::string> lines;
  if (!r.sites_from.empty()) {
    lines.push_back(fmt::format(
        "sites from {}'s run of the same job ({} records none):", r.sites_from,
        r.job.tool));
  }
  for (std::size_t i = 0; i < r.top_sites.size() && i < count; ++i) {
    SiteView view = ViewOf(r.top_sites[i], tree);
    lines.push_back(
        fmt::format("{}. {} {}{}", i + 1, HumanBytes(r.top_sites[i].bytes),
                    view.location == "??" ? "" : "at ", view.Headline()));
  }
  if (r.top_sites.empty()) lines.push_back("no allocation sites recorded");
  return lines;
}

// Escapes a workflow command's message (GitHub's toolkit: escapeData).
std::string EscapeData(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '%') {
      escaped += "%25";
    } else if (c == '\r') {
      escaped += "%0D";
    } else if (c == '\n') {
      escaped += "%0A";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

// Escapes a workflow command's property value (escapeProperty).
std::string EscapeProperty(const std::string& text) {
  std::string escaped;
  for (char c : EscapeData(text)) {
    if (c == ':') {
      escaped += "%3A";
    } else if (c == ',') {
      escaped += "%2C";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string Annotation(const JobResult& r, const AnnotationContext& context) {
  std::string command = r.status == Status::kXpass ? "warning" : "error";
  std::string properties;
  if (r.status != Status::kError) {
    ProblemPlace place = PlaceOf(r, context);
    if (!place.path.empty()) {
      properties += "file=" + EscapeProperty(place.path);
      if (place.line > 0) properties += fmt::format(",line={}", place.line);
      properties += ",";
    }
  }
  properties += "title=" + EscapeProperty(Title(r));
  std::string message = FirstLine(r.message);
  if (r.status != Status::kError) {
    for (const std::string& line : SiteLines(r, kAnnotatedSites, *context.tree))
      message += "\n" + line;
  }
  return fmt::format("::{} {}::{}\n", command, properties,
                     EscapeData(ValidUtf8(message)));
}

// The problem statuses, most important first. Broken bounds before error
// rows: a broken bound is the verdict the gate exists for and points at a
// line of the pull request; error rows have no line and often share one
// cause (a missing tool errs all its jobs), so they must not crowd the
// bounds out of GitHub's ten. Negative controls that fit are warnings, a
// level of their own.
constexpr Status kProblemOrder[] = {Status::kFail, Status::kError,
                                    Status::kXpass};

// Returns "2 broken bounds", "1 error", "3 negative controls that fit".
std::string ProblemCount(Status status, std::size_t count) {
  bool one = count == 1;
  if (status == Status::kFail)
    return fmt::format("{} broken bound{}", count, one ? "" : "s");
  if (status == Status::kError)
    return fmt::format("{} error{}", count, one ? "" : "s");
  return fmt::format("{} negative control{} that fit", count, one ? "" : "s");
}

// Returns the ::notice line that counts the problems left unannotated
// (by status, in kProblemOrder) and says where all of them are.
std::string LeftOutNotice(const std::vector<std::size_t>& left_out) {
  std::size_t total = 0;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < left_out.size(); ++i) {
    total += left_out[i];
    if (left_out[i] > 0)
      parts.push_back(ProblemCount(kProblemOrder[i], left_out[i]));
  }
  if (total == 0) return "";
  std::string message = fmt::format(
      "{} more problem{} not annotated ({}): GitHub shows {} error and {} "
      "warning annotations per step; summary.md (the job summary) and "
      "junit.xml list every problem",
      total, total == 1 ? "" : "s", fmt::join(parts, ", "),
      kAnnotationsPerLevel, kAnnotationsPerLevel);
  return fmt::format("::notice title=heapbound%3A problems not annotated::{}\n",
                     EscapeData(message));
}

std::string Fingerprint(const std::string& check, const JobResult& r,
                        const std::string& path) {
  std::string key = fmt::format("{}\n{}\n{}\n{}\n{}", check, r.job.case_name,
                                r.job.fixture, r.job.tool, path);
  return fmt::format("{:016x}", XXH64(key.data(), key.size(), 0));
}

OrderedJson CodeQualityIssue(const JobResult& r,
                             const AnnotationContext& context) {
  ProblemPlace place = PlaceOf(r, context);
  bool fail = r.status == Status::kFail;
  std::string check =
      fail ? "heapbound/bound-broken" : "heapbound/negative-control-fits";
  std::string description =
      fmt::format("{}: {}", Title(r), FirstLine(r.message));
  if (!r.top_sites.empty()) {
    SiteView view = ViewOf(r.top_sites[0], *context.tree);
    description +=
        fmt::format("; top site {} at {}", HumanBytes(r.top_sites[0].bytes),
                    view.Headline());
  }
  OrderedJson issue;
  issue["description"] = ValidUtf8(description);
  issue["check_name"] = check;
  issue["fingerprint"] = Fingerprint(check, r, place.path);
  issue["severity"] = fail ? "major" : "minor";
  issue["location"] = {{"path", ValidUtf8(place.path)},
                       {"lines", {{"begin", place.line > 0 ? place.line : 1}}}};
  return issue;
}

}  // namespace

AnnotationContext MakeAnnotationContext(const BoundsFile& bounds) {
  AnnotationContext context;
  context.repo_root = Environment("GITHUB_WORKSPACE");
  if (context.repo_root.empty())
    context.repo_root = Environment("CI_PROJECT_DIR");
  for (const CaseBound& bound : bounds.cases)
    context.bound_positions[bound.name] = bound.max_peak_position;
  return context;
}

bool InGithubActions() { return Environment("GITHUB_ACTIONS") == "true"; }

ProblemPlace PlaceOf(const JobResult& row, const AnnotationContext& context) {
  const SourceTree& tree = *context.tree;
  for (const AllocationSite& site : row.top_sites) {
    SiteView view = ViewOf(site, tree);
    if (view.project_path) {
      return {RepoPath(*view.project_path, tree, context.repo_root), view.line};
    }
  }
  auto bound = context.bound_positions.find(row.job.case_name);
  if (bound == context.bound_positions.end()) return {};
  const SourcePosition& position = bound->second;
  std::optional<std::string> path = tree.ProjectPath(position.file);
  return {path ? RepoPath(*path, tree, context.repo_root) : position.file,
          position.line};
}

std::string GithubAnnotations(const std::vector<JobResult>& results,
                              const AnnotationContext& context) {
  std::string text;
  std::size_t errors = 0, warnings = 0;
  std::vector<std::size_t> left_out(std::size(kProblemOrder), 0);
  for (std::size_t i = 0; i < std::size(kProblemOrder); ++i) {
    Status status = kProblemOrder[i];
    std::size_t& shown = status == Status::kXpass ? warnings : errors;
    for (const JobResult& r : results) {
      if (r.status != status) continue;
      if (shown < kAnnotationsPerLevel) {
        text += Annotation(r, context);
        ++shown;
      } else {
        ++left_out[i];
      }
    }
  }
  return text + LeftOutNotice(left_out);
}

std::string CodeQualityJson(const std::vector<JobResult>& results,
                            const AnnotationContext& context) {
  OrderedJson issues = OrderedJson::array();
  for (const JobResult& r : results) {
    if (r.status == Status::kFail || r.status == Status::kXpass)
      issues.push_back(CodeQualityIssue(r, context));
  }
  return issues.dump(1, ' ', false, OrderedJson::error_handler_t::replace) +
         "\n";
}

void WriteCodeQuality(const std::string& out_dir,
                      const std::vector<JobResult>& results,
                      const AnnotationContext& context) {
  WriteFileAtomically(out_dir + "/codequality.json",
                      CodeQualityJson(results, context));
}

void RemoveCodeQuality(const std::string& out_dir) {
  std::error_code ignored;
  std::filesystem::remove(out_dir + "/codequality.json", ignored);
}

}  // namespace heapbound
