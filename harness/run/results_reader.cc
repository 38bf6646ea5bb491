#include "results_reader.h"

#include <errno.h>
#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "extra_checks.h"
#include "json_text.h"
#include "results_writer.h"

namespace heapbound {
namespace {

using Json = nlohmann::json;

// Reads typed fields, naming the file and field path in every error.
class Checker {
 public:
  explicit Checker(const std::string& path) : path_(path) {}

  [[noreturn]] void Fail(const std::string& field,
                         const std::string& message) const {
    throw ResultsError(field.empty()
                           ? fmt::format("{}: {}", path_, message)
                           : fmt::format("{}: {}: {}", path_, field, message));
  }

  const Json& Object(const Json& value, const std::string& field) const {
    if (!value.is_object())
      Fail(field, "expected an object, got " + ShortJsonText(value));
    return value;
  }

  // Returns the member `key`, or null when it is missing and optional.
  const Json* Member(const Json& object, const std::string& key,
                     const std::string& field, bool required) const {
    auto found = object.find(key);
    if (found == object.end()) {
      if (required) Fail(Name(field, key), "missing");
      return nullptr;
    }
    return &*found;
  }

  std::optional<std::uint64_t> Unsigned(const Json& object,
                                        const std::string& key,
                                        const std::string& field, bool nullable,
                                        bool required = true) const {
    const Json* value = Member(object, key, field, required);
    if (value == nullptr || (nullable && value->is_null())) return std::nullopt;
    if (!value->is_number_unsigned()) {
      Fail(Name(field, key), Expected("an unsigned integer", nullable, *value));
    }
    return value->get<std::uint64_t>();
  }

  std::optional<double> Number(const Json& object, const std::string& key,
                               const std::string& field) const {
    const Json* value = Member(object, key, field, true);
    if (value->is_null()) return std::nullopt;
    if (!value->is_number())
      Fail(Name(field, key), Expected("a number", true, *value));
    return value->get<double>();
  }

  std::optional<bool> Bool(const Json& object, const std::string& key,
                           const std::string& field) const {
    const Json* value = Member(object, key, field, true);
    if (value->is_null()) return std::nullopt;
    if (!value->is_boolean())
      Fail(Name(field, key), Expected("a boolean", true, *value));
    return value->get<bool>();
  }

  // Returns the string, or "" for null (nullable) or a missing optional key.
  std::string String(const Json& object, const std::string& key,
                     const std::string& field, bool nullable = false,
                     bool required = true) const {
    const Json* value = Member(object, key, field, required);
    if (value == nullptr || (nullable && value->is_null())) return "";
    if (!value->is_string())
      Fail(Name(field, key), Expected("a string", nullable, *value));
    return value->get<std::string>();
  }

  const Json* Array(const Json& object, const std::string& key,
                    const std::string& field, bool required) const {
    const Json* value = Member(object, key, field, required);
    if (value == nullptr || (!required && value->is_null())) return nullptr;
    if (!value->is_array())
      Fail(Name(field, key), Expected("a list", !required, *value));
    return value;
  }

  static std::string Name(const std::string& field, const std::string& key) {
    return field.empty() ? key : field + "." + key;
  }

 private:
  static std::string Expected(const std::string& what, bool nullable,
                              const Json& got) {
    return fmt::format("expected {}{}, got {}", what,
                       nullable ? " or null" : "", ShortJsonText(got));
  }

  const std::string& path_;
};

FixtureStats ReadFixture(const Checker& check, const Json& raw,
                         const std::string& field) {
  check.Object(raw, field);
  FixtureStats stats;
  stats.total_bytes = *check.Unsigned(raw, "total_bytes", field, false);
  stats.files = *check.Unsigned(raw, "files", field, false);
  stats.max_file = *check.Unsigned(raw, "max_file", field, false);
  stats.max_line = *check.Unsigned(raw, "max_line", field, false);
  stats.max_dir_entries =
      check.Unsigned(raw, "max_dir_entries", field, true, false).value_or(0);
  stats.digest = check.String(raw, "digest", field, true, false);
  return stats;
}

std::vector<AllocationSite> ReadSites(const Checker& check, const Json& raw,
                                      const std::string& field) {
  std::vector<AllocationSite> sites;
  const Json* list = check.Array(raw, "top_sites", field, false);
  if (list == nullptr) return sites;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string site_field = fmt::format("{}.top_sites[{}]", field, i);
    const Json& site_json = check.Object((*list)[i], site_field);
    AllocationSite site;
    site.bytes = *check.Unsigned(site_json, "bytes", site_field, false);
    const Json& frames = *check.Array(site_json, "frames", site_field, true);
    for (std::size_t f = 0; f < frames.size(); ++f) {
      std::string frame_field = fmt::format("{}.frames[{}]", site_field, f);
      const Json& frame_json = check.Object(frames[f], frame_field);
      Frame frame;
      frame.function = check.String(frame_json, "function", frame_field);
      frame.file = check.String(frame_json, "file", frame_field);
      std::uint64_t line =
          *check.Unsigned(frame_json, "line", frame_field, false);
      if (line > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
        check.Fail(frame_field + ".line",
                   fmt::format("{} is out of range", line));
      frame.line = static_cast<int>(line);
      site.frames.push_back(std::move(frame));
    }
    // Derived from the frames when written (user_frame.h); checked only.
    std::optional<std::uint64_t> user =
        check.Unsigned(site_json, "user_frame", site_field, true, false);
    if (user && *user >= site.frames.size()) {
      check.Fail(site_field + ".user_frame",
                 fmt::format("{} is not an index into its {} frames", *user,
                             site.frames.size()));
    }
    sites.push_back(std::move(site));
  }
  return sites;
}

// Reads an optional check verdict (`leaked_check`, `allocs_check`).
CheckState ReadCheck(const Checker& check, const Json& raw, const char* key,
                     const std::string& field) {
  std::string name = check.String(raw, key, field, true, false);
  if (name.empty()) return CheckState::kNone;
  std::optional<CheckState> state = ParseCheckState(name);
  if (!state) {
    check.Fail(
        field + "." + key,
        fmt::format("expected pass, fail, n/a or null, got \"{}\"", name));
  }
  return *state;
}

ResultRow ReadRow(const Checker& check, const Json& raw, std::size_t index) {
  std::string field = fmt::format("results[{}]", index);
  check.Object(raw, field);
  ResultRow row;
  std::string status = check.String(raw, "status", field);
  std::optional<Status> parsed = ParseStatus(status);
  if (!parsed) {
    check.Fail(field + ".status",
               fmt::format("expected one of pass, fail, xfail, xpass, error, "
                           "got \"{}\"",
                           status));
  }
  row.status = *parsed;
  row.case_name = check.String(raw, "case", field);
  row.fixture = check.String(raw, "fixture", field);
  row.tool = check.String(raw, "tool", field);
  std::string role = check.String(raw, "role", field, false, false);
  if (role == "baseline") {
    row.role = JobRole::kBaseline;
  } else if (!role.empty() && role != "case") {
    check.Fail(field + ".role",
               fmt::format("expected one of case, baseline, got \"{}\"", role));
  }
  std::string expect = check.String(raw, "expect", field, false, false);
  if (expect == "exceed") {
    row.expect = Expectation::kExceed;
  } else if (!expect.empty() && expect != "fit") {
    check.Fail(field + ".expect",
               fmt::format("expected one of fit, exceed, got \"{}\"", expect));
  }
  // An error row may lack numbers; a judged one may not.
  bool nullable = row.status == Status::kError;
  row.peak_bytes = check.Unsigned(raw, "peak_bytes", field, nullable);
  row.baseline_bytes = check.Unsigned(raw, "baseline_bytes", field, nullable);
  row.net_peak_bytes = check.Unsigned(raw, "net_peak_bytes", field, nullable);
  row.bound_bytes = check.Unsigned(raw, "bound_bytes", field, true);
  row.bound_expr = check.String(raw, "bound_expr", field, true);
  row.max_rss_bytes = check.Unsigned(raw, "max_rss_bytes", field, true);
  row.wall_seconds = check.Number(raw, "wall_seconds", field);
  if (raw.contains("reused"))
    row.reused = check.Bool(raw, "reused", field).value_or(false);
  row.digest_ok = check.Bool(raw, "digest_ok", field);
  row.message = check.String(raw, "message", field, true, false);
  // Additive fields of program cases; absent from older files.
  if (raw.contains("program"))
    row.program = check.Bool(raw, "program", field).value_or(false);
  if (raw.contains("verified"))
    row.verified = check.Bool(raw, "verified", field).value_or(true);
  row.net_method = check.String(raw, "net_method", field, true, false);
  row.timeline = check.String(raw, "timeline", field, true, false);
  if (const Json* raw_files = check.Array(raw, "raw", field, false)) {
    for (std::size_t i = 0; i < raw_files->size(); ++i) {
      const Json& file = (*raw_files)[i];
      if (!file.is_string()) {
        check.Fail(fmt::format("{}.raw[{}]", field, i),
                   "expected a string, got " + ShortJsonText(file));
      }
      row.raw.push_back(file.get<std::string>());
    }
  }
  row.top_sites = ReadSites(check, raw, field);
  row.sites_from = check.String(raw, "sites_from", field, true, false);
  row.plan_index = check.Unsigned(raw, "plan_index", field, false, false);
  row.leaked_bytes = check.Unsigned(raw, "leaked_bytes", field, true, false);
  row.net_leaked_bytes =
      check.Unsigned(raw, "net_leaked_bytes", field, true, false);
  row.allocs = check.Unsigned(raw, "allocs", field, true, false);
  row.net_allocs = check.Unsigned(raw, "net_allocs", field, true, false);
  row.leaked_bound_bytes =
      check.Unsigned(raw, "leaked_bound_bytes", field, true, false);
  row.allocs_bound = check.Unsigned(raw, "allocs_bound", field, true, false);
  row.leaked_check = ReadCheck(check, raw, "leaked_check", field);
  row.allocs_check = ReadCheck(check, raw, "allocs_check", field);
  return row;
}

ResultsFile ReadDocument(const Json& root, const Checker& check) {
  check.Object(root, "(top level)");
  auto schema = root.find("schema");
  if (schema == root.end()) {
    check.Fail("schema",
               fmt::format("missing; expected schema {}", kResultsSchema));
  }
  if (!schema->is_number_integer() ||
      schema->get<std::int64_t>() != kResultsSchema) {
    check.Fail("schema",
               fmt::format("unknown schema {}; heapbound reads schema {}",
                           ShortJsonText(*schema), kResultsSchema));
  }
  ResultsFile file;
  file.heapbound_version =
      check.String(root, "heapbound_version", "", true, false);
  const Json* provenance = check.Member(root, "provenance", "", false);
  if (provenance != nullptr && !provenance->is_null()) {
    file.provenance = ReadProvenance(
        *provenance,
        [&check](const std::string& field, const std::string& message) {
          check.Fail(field, message);
        });
  }
  const Json* fixtures = check.Member(root, "fixtures", "", true);
  check.Object(*fixtures, "fixtures");
  for (const auto& [name, raw] : fixtures->items()) {
    std::string field = fmt::format("fixtures[\"{}\"]", name);
    file.fixtures[name] = ReadFixture(check, raw, field);
    std::string hash = check.String(raw, "definition_hash", field, true, false);
    if (!hash.empty()) file.definition_hashes[name] = hash;
  }
  const Json& rows = *check.Array(root, "results", "", true);
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ResultRow row = ReadRow(check, rows[i], i);
    auto [at, fresh] =
        seen.emplace(std::make_tuple(row.case_name, row.fixture, row.tool), i);
    if (!fresh) {
      check.Fail(fmt::format("results[{}]", i),
                 fmt::format("duplicate of results[{}] ({} on {} under {})",
                             at->second, row.case_name, row.fixture, row.tool));
    }
    if (row.status != Status::kError &&
        file.fixtures.find(row.fixture) == file.fixtures.end()) {
      check.Fail(fmt::format("results[{}].fixture", i),
                 fmt::format("fixture \"{}\" is not listed under \"fixtures\"",
                             row.fixture));
    }
    file.results.push_back(std::move(row));
  }
  return file;
}

}  // namespace

ResultsFile ReadResults(std::string_view text, const std::string& path) {
  Checker check(path);
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& error) {
    check.Fail("", fmt::format("not valid JSON at byte {}", error.byte));
  } catch (const std::exception& error) {
    check.Fail("", fmt::format("not valid JSON: {}", error.what()));
  }
  try {
    return ReadDocument(root, check);
  } catch (const ResultsError&) {
    throw;
  } catch (const std::exception& error) {
    // Keeps the promise that only ResultsError escapes.
    check.Fail("", fmt::format("unreadable: {}", error.what()));
  }
}

ResultsFile ReadResultsFile(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw ResultsError(path + ": is a directory, expected a results.json");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int error = errno;
    throw ResultsError(
        fmt::format("{}: cannot read: {}{}", path, std::strerror(error),
                    error == ENOENT ? "; run `heapbound run` first" : ""));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ResultsError(path + ": cannot read");
  return ReadResults(text.str(), path);
}

}  // namespace heapbound
