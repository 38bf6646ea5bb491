#include "bounds_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "byte_size.h"
#include "config_error.h"
#include "program_bounds.h"
#include "read_file.h"
#include "toml_text.h"

namespace heapbound {
namespace {

constexpr std::string_view kDefaultsKeys[] = {
    "tools",      "fixtures",   "baseline",  "cross_check",
    "max_growth", "max_leaked", "max_allocs"};
constexpr std::string_view kCaseKeys[] = {
    "max_peak",   "expect",     "tools",     "fixtures",
    "max_growth", "max_leaked", "max_allocs"};
constexpr std::string_view kProgramKeys[] = {
    "max_peak", "expect", "tools",      "fixtures",   "command",   "baseline",
    "env",      "verify", "max_growth", "max_leaked", "max_allocs"};
constexpr std::string_view kSweepKeys[] = {"name", "cases", "tools",
                                           "fixtures"};
constexpr std::string_view kTopKeys[] = {"defaults", "case", "program",
                                         "sweep"};

template <std::size_t N>
bool Contains(const std::string_view (&keys)[N], std::string_view key) {
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

template <std::size_t N>
std::string Join(const std::string_view (&keys)[N]) {
  std::string text;
  for (std::string_view key : keys)
    text += (text.empty() ? "" : ", ") + std::string(key);
  return text;
}

std::string Join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Turns toml++ positions into ours and raises our errors.
class Validator {
 public:
  Validator(std::string path, const BoundsVocabulary& vocabulary)
      : path_(std::move(path)), vocabulary_(vocabulary) {}

  SourcePosition At(const toml::source_region& region) const {
    return {path_, static_cast<int>(region.begin.line),
            static_cast<int>(region.begin.column)};
  }

  [[noreturn]] void Fail(const toml::source_region& region,
                         const std::string& message) const {
    Fail(At(region), message);
  }
  [[noreturn]] void Fail(const SourcePosition& position,
                         const std::string& message) const {
    throw ConfigError(position.ToString() + ": " + message);
  }

  template <std::size_t N>
  void CheckKeys(const toml::table& table, const std::string_view (&allowed)[N],
                 const std::string& where) const {
    for (const auto& [key, node] : table) {
      if (!Contains(allowed, key.str())) {
        Fail(key.source(),
             fmt::format("unknown key '{}' in {} (expected one of: {})",
                         key.str(), where, Join(allowed)));
      }
    }
  }

  const toml::table& RequireTable(const toml::node& node,
                                  const std::string& what) const {
    const toml::table* table = node.as_table();
    if (table == nullptr)
      Fail(node.source(), fmt::format("{} must be a table", what));
    return *table;
  }

  std::string RequireString(const toml::node& node,
                            const std::string& what) const {
    const auto* value = node.as_string();
    if (value == nullptr)
      Fail(node.source(), fmt::format("{} must be a string", what));
    return value->get();
  }

  // Reads an array of unique names, each checked by `known`.
  std::vector<std::string> NameList(
      const toml::node& node, const std::string& what,
      const std::function<bool(const std::string&)>& known,
      const std::string& known_hint) const {
    const toml::array* array = node.as_array();
    if (array == nullptr)
      Fail(node.source(), fmt::format("{} must be an array of strings", what));
    std::vector<std::string> names;
    for (const toml::node& element : *array) {
      std::string name = RequireString(element, what + " entries");
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        Fail(element.source(),
             fmt::format("'{}' is listed twice in {}", name, what));
      }
      if (known && !known(name)) {
        Fail(element.source(),
             fmt::format("unknown {} entry '{}' ({})", what, name, known_hint));
      }
      names.push_back(std::move(name));
    }
    return names;
  }

  std::vector<std::string> Tools(const toml::node& node) const {
    auto known = [this](const std::string& name) {
      return std::find(vocabulary_.tools.begin(), vocabulary_.tools.end(),
                       name) != vocabulary_.tools.end();
    };
    return NameList(node, "tools", known,
                    "expected " + Join(vocabulary_.tools));
  }

  std::vector<std::string> Fixtures(const toml::node& node) const {
    return NameList(node, "fixtures", vocabulary_.is_profile,
                    "not a profile of fixtures/profiles.toml");
  }

  std::string CaseNames() const { return Join(vocabulary_.cases); }

  bool IsCase(const std::string& name) const {
    return std::find(vocabulary_.cases.begin(), vocabulary_.cases.end(),
                     name) != vocabulary_.cases.end();
  }

  // Parses max_peak: a string expression or a non-negative integer.
  void MaxPeak(const toml::node& node, CaseBound& bound) const {
    ExtraBound parsed = Bound(node, "max_peak");
    bound.max_peak = parsed.expression;
    bound.max_peak_text = parsed.text;
    bound.max_peak_position = parsed.position;
  }

  // Parses the bound `key` (max_peak, max_leaked, max_allocs): a string
  // expression or a non-negative integer.
  ExtraBound Bound(const toml::node& node, std::string_view key) const {
    ExtraBound bound;
    bound.position = At(node.source());
    if (const auto* integer = node.as_integer()) {
      if (integer->get() < 0)
        Fail(node.source(), fmt::format("{} must not be negative", key));
      bound.expression =
          BoundExpression::Literal(static_cast<std::uint64_t>(integer->get()));
      bound.text = std::to_string(integer->get());
      return bound;
    }
    const auto* text = node.as_string();
    if (text == nullptr) {
      Fail(node.source(),
           fmt::format("{} must be a size string (\"8 KiB\"), an expression "
                       "(\"2 * max_line + 16 KiB\") or a byte count",
                       key));
    }
    bound.text = text->get();
    try {
      bound.expression = BoundExpression::Parse(text->get());
    } catch (const BoundSyntaxError& error) {
      // Points inside the string at the token when the string is written
      // as is (one line, no escapes); else at the value.
      SourcePosition position = bound.position;
      const toml::source_region& region = node.source();
      if (region.begin.line == region.end.line &&
          region.end.column - region.begin.column == text->get().size() + 2) {
        position.column += 1 + static_cast<int>(error.offset());
      }
      Fail(position,
           fmt::format("bad {} \"{}\": {}", key, text->get(), error.what()));
    }
    return bound;
  }

  // Reads max_leaked and max_allocs of `table` into `leaked` and `allocs`.
  void ExtraBounds(const toml::table& table, std::optional<ExtraBound>& leaked,
                   std::optional<ExtraBound>& allocs) const {
    if (const toml::node* node = table.get("max_leaked"))
      leaked = Bound(*node, "max_leaked");
    if (const toml::node* node = table.get("max_allocs"))
      allocs = Bound(*node, "max_allocs");
  }

  // Parses max_growth: "0 B", "256 B" or "1 %".
  GrowthLimit MaxGrowth(const toml::node& node) const {
    const auto* text = node.as_string();
    if (text == nullptr) {
      Fail(node.source(),
           "max_growth must be a size string (\"0 B\", \"256 B\") or a "
           "percent (\"1 %\")");
    }
    try {
      return ParseGrowthLimit(text->get());
    } catch (const SizeSyntaxError& error) {
      Fail(node.source(),
           fmt::format("bad max_growth \"{}\": {}", text->get(), error.what()));
    }
  }

 private:
  std::string path_;
  const BoundsVocabulary& vocabulary_;
};

}  // namespace

std::string SourcePosition::ToString() const {
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string_view ExpectationName(Expectation expect) {
  return expect == Expectation::kFit ? "fit" : "exceed";
}

const CaseBound* BoundsFile::Find(std::string_view name) const {
  for (const CaseBound& bound : cases) {
    if (bound.name == name) return &bound;
  }
  return nullptr;
}

toml::table ParseTomlText(std::string_view text, const std::string& path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw ConfigError(fmt::format("{}:{}:{}: {}", path, begin.line,
                                  begin.column, error.description()));
  }
}

namespace {

// Reads [defaults] into `file`; tools and fixtures must be non-empty.
void ParseDefaults(const toml::table& root, const Validator& check,
                   BoundsFile& file) {
  if (const toml::node* node = root.get("defaults")) {
    const toml::table& defaults = check.RequireTable(*node, "[defaults]");
    check.CheckKeys(defaults, kDefaultsKeys, "[defaults]");
    if (const toml::node* tools = defaults.get("tools"))
      file.default_tools = check.Tools(*tools);
    if (const toml::node* fixtures = defaults.get("fixtures"))
      file.default_fixtures = check.Fixtures(*fixtures);
    if (const toml::node* cross = defaults.get("cross_check"))
      file.cross_check = check.Tools(*cross);
    if (const toml::node* growth = defaults.get("max_growth"))
      file.default_max_growth = check.MaxGrowth(*growth);
    check.ExtraBounds(defaults, file.default_max_leaked,
                      file.default_max_allocs);
    if (const toml::node* baseline = defaults.get("baseline")) {
      file.baseline_case = check.RequireString(*baseline, "baseline");
      if (!check.IsCase(file.baseline_case)) {
        check.Fail(
            baseline->source(),
            fmt::format(
                "baseline '{}' is not a registered case (see heapbound-case "
                "--list)",
                file.baseline_case));
      }
    }
  }
  if (file.default_tools.empty()) {
    check.Fail(SourcePosition{file.path, 1, 1},
               "[defaults] needs a non-empty tools list");
  }
  if (file.default_fixtures.empty()) {
    check.Fail(SourcePosition{file.path, 1, 1},
               "[defaults] needs a non-empty fixtures list");
  }
}

// Reads the keys every bounded case has (max_peak, expect, tools,
// fixtures) of a [case.NAME] or [program.NAME] table.
CaseBound ParseBoundKeys(const toml::key& key, const toml::table& table,
                         const std::string& where, const Validator& check,
                         const BoundsFile& file) {
  const std::string name(key.str());
  CaseBound bound;
  bound.name = name;
  bound.position = check.At(key.source());
  const toml::node* max_peak = table.get("max_peak");
  if (max_peak == nullptr)
    check.Fail(key.source(), fmt::format("{} needs max_peak", where));
  check.MaxPeak(*max_peak, bound);
  bound.max_leaked = file.default_max_leaked;
  bound.max_allocs = file.default_max_allocs;
  check.ExtraBounds(table, bound.max_leaked, bound.max_allocs);
  if (const toml::node* expect = table.get("expect")) {
    const std::string word = check.RequireString(*expect, "expect");
    if (word == "exceed") {
      bound.expect = Expectation::kExceed;
    } else if (word != "fit") {
      check.Fail(expect->source(),
                 fmt::format("expect must be \"fit\" or \"exceed\", not \"{}\"",
                             word));
    }
  }
  const toml::node* tools = table.get("tools");
  bound.tools = tools ? check.Tools(*tools) : file.default_tools;
  const toml::node* fixtures = table.get("fixtures");
  bound.fixtures = fixtures ? check.Fixtures(*fixtures) : file.default_fixtures;
  const toml::node* growth = table.get("max_growth");
  bound.max_growth =
      growth ? check.MaxGrowth(*growth) : file.default_max_growth;
  return bound;
}

// Reads one [case.NAME] table.
CaseBound ParseCase(const toml::key& key, const toml::node& value,
                    const Validator& check, const BoundsFile& file) {
  const std::string name(key.str());
  if (!check.IsCase(name)) {
    // The bounds file is rarely the culprit: a new cases/*.cc the driver
    // was not rebuilt with is.
    check.Fail(key.source(),
               fmt::format("unknown case '{}': not registered by the case "
                           "driver (registered: {}); if you just added "
                           "cases/{}.cc, rebuild: cmake --build build",
                           name, check.CaseNames(), name));
  }
  if (name == file.baseline_case) {
    check.Fail(key.source(),
               fmt::format("'{}' is the baseline that is subtracted from "
                           "every peak; it takes no bound",
                           name));
  }
  const toml::table& table = check.RequireTable(value, "[case." + name + "]");
  check.CheckKeys(table, kCaseKeys, "[case." + name + "]");
  return ParseBoundKeys(key, table, "[case." + name + "]", check, file);
}

void ParseCases(const toml::table& root, const Validator& check,
                BoundsFile& file) {
  const toml::node* node = root.get("case");
  if (node == nullptr) return;
  const toml::table& cases = check.RequireTable(*node, "[case]");
  for (const auto& [key, value] : cases)
    file.cases.push_back(ParseCase(key, value, check, file));
}

// Reads one [program.NAME] table: a command that is run and judged like a
// built-in case. Its name may not be a registered case or a [case.*].
void ParseProgram(const toml::key& key, const toml::node& value,
                  const Validator& check, BoundsFile& file) {
  const std::string name(key.str());
  if (check.IsCase(name) || file.Find(name) != nullptr) {
    check.Fail(key.source(),
               fmt::format("program '{}' has the name of a {}; program and "
                           "case names must differ",
                           name,
                           check.IsCase(name) ? "registered case (heapbound-"
                                                "case --list)"
                                              : "program defined above"));
  }
  const std::string where = "[program." + name + "]";
  const toml::table& table = check.RequireTable(value, where);
  check.CheckKeys(table, kProgramKeys, where);
  CaseBound bound = ParseBoundKeys(key, table, where, check, file);
  bound.program = ParseProgramSpec(table, name, file.path, file.source_dir);
  file.cases.push_back(std::move(bound));
}

void ParsePrograms(const toml::table& root, const Validator& check,
                   BoundsFile& file) {
  const toml::node* node = root.get("program");
  if (node == nullptr) return;
  const toml::table& programs = check.RequireTable(*node, "[program]");
  for (const auto& [key, value] : programs)
    ParseProgram(key, value, check, file);
}

// Reads one [[sweep]] table; `names` holds the sweep names seen so far.
Sweep ParseSweep(const toml::table& table, const Validator& check,
                 const BoundsFile& file, std::set<std::string>& names) {
  check.CheckKeys(table, kSweepKeys, "[[sweep]]");
  Sweep sweep;
  sweep.position = check.At(table.source());
  const toml::node* name = table.get("name");
  if (name == nullptr) check.Fail(table.source(), "[[sweep]] needs a name");
  sweep.name = check.RequireString(*name, "name");
  if (!names.insert(sweep.name).second) {
    check.Fail(name->source(),
               fmt::format("a sweep named '{}' is defined twice", sweep.name));
  }
  const toml::node* tools = table.get("tools");
  const toml::node* fixtures = table.get("fixtures");
  if (tools == nullptr || fixtures == nullptr) {
    check.Fail(table.source(), fmt::format("[[sweep]] '{}' needs tools and "
                                           "fixtures",
                                           sweep.name));
  }
  sweep.tools = check.Tools(*tools);
  sweep.fixtures = check.Fixtures(*fixtures);
  if (const toml::node* cases = table.get("cases")) {
    sweep.cases = check.NameList(
        *cases, "cases",
        [&](const std::string& name) {
          return check.IsCase(name) || file.Find(name) != nullptr;
        },
        "not a registered case or a [program.*]; see heapbound list");
    for (const std::string& case_name : sweep.cases) {
      if (file.Find(case_name) == nullptr) {
        check.Fail(cases->source(),
                   fmt::format("sweep '{}' lists case '{}', which has no "
                               "[case.{}] bound",
                               sweep.name, case_name, case_name));
      }
    }
  }
  return sweep;
}

void ParseSweeps(const toml::table& root, const Validator& check,
                 BoundsFile& file) {
  const toml::node* node = root.get("sweep");
  if (node == nullptr) return;
  const toml::array* sweeps = node->as_array();
  if (sweeps == nullptr || !sweeps->is_array_of_tables()) {
    check.Fail(node->source(), "sweep must be an array of tables ([[sweep]])");
  }
  std::set<std::string> names;
  for (const toml::node& element : *sweeps)
    file.sweeps.push_back(ParseSweep(*element.as_table(), check, file, names));
}

// Every registered case is judged: a case without a bound is an error.
void RequireEveryCase(const BoundsVocabulary& vocabulary,
                      const BoundsFile& file) {
  for (const std::string& name : vocabulary.cases) {
    if (name == file.baseline_case || file.Find(name) != nullptr) continue;
    throw ConfigError(
        fmt::format("{}: case '{}' is registered (heapbound-case --list) but "
                    "has no bound; add\n"
                    "  [case.{}]\n  max_peak = \"4 KiB\"\nto {}, then measure "
                    "it (heapbound run --case {}) "
                    "and set the real bound (heapbound bless)",
                    file.path, name, name, file.path, name));
  }
}

}  // namespace

BoundsFile ParseBoundsFile(std::string_view text, const std::string& path,
                           const BoundsVocabulary& vocabulary) {
  const toml::table root = ParseTomlText(text, path);
  const Validator check(path, vocabulary);
  check.CheckKeys(root, kTopKeys, "the top level");
  BoundsFile file;
  file.path = path;
  file.source_dir = vocabulary.source_dir;
  file.cross_check = vocabulary.exact_tools;
  ParseDefaults(root, check, file);
  ParseCases(root, check, file);
  ParsePrograms(root, check, file);
  ParseSweeps(root, check, file);
  RequireEveryCase(vocabulary, file);
  return file;
}

BoundsFile LoadBoundsFile(const std::string& path,
                          const BoundsVocabulary& vocabulary) {
  std::string text;
  std::string reason;
  if (!ReadWholeFile(path, &text, &reason))
    throw ConfigError(
        fmt::format("{}: cannot read the bounds file: {}", path, reason));
  return ParseBoundsFile(text, path, vocabulary);
}

}  // namespace heapbound
