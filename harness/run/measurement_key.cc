#include "measurement_key.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "child_process.h"
#include "program_lookup.h"

extern char** environ;

namespace heapbound {
namespace {

namespace fs = std::filesystem;

// Bumped whenever what a stored measurement holds changes meaning.
constexpr char kKeyFormat[] = "heapbound measurement key 1";
// A script's directory is hashed with it (its imports live there) unless
// it is a large shared one.
constexpr std::size_t kMaxScriptSiblings = 256;

// Inherited variables that change what a process allocates.
constexpr const char* kSteeringPrefixes[] = {
    "LD_", "GLIBC_", "MALLOC_", "PYTHON", "GO", "VALGRIND", "HEAPTRACK"};

std::string Hex128(XXH128_hash_t hash) {
  return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

std::string DigestOfText(const std::string& text) {
  return Hex128(XXH3_128bits(text.data(), text.size()));
}

std::string DigestOfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    XXH3_128bits_update(state, buffer.data(),
                        static_cast<std::size_t>(in.gcount()));
  }
  std::string digest = in.bad() ? "" : Hex128(XXH3_128bits_digest(state));
  XXH3_freeState(state);
  return digest;
}

bool IsRegularFile(const std::string& path) {
  std::error_code ignored;
  return !path.empty() && fs::is_regular_file(path, ignored);
}

bool IsElf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && magic[0] == 0x7f && magic[1] == 'E' &&
         magic[2] == 'L' && magic[3] == 'F';
}

// Returns the paths `ldd` prints: "libx.so => /path (0x...)" and
// "/lib64/ld-linux-x86-64.so.2 (0x...)".
std::vector<std::string> LddPaths(const std::string& executable) {
  ChildSpec spec;
  spec.argv = {"ldd", executable};
  spec.capture_stdout = true;
  spec.capture_stderr = true;
  spec.timeout_seconds = 30;
  ChildResult result = RunChild(spec);
  std::vector<std::string> paths;
  std::istringstream lines(result.stdout_text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> word;
    for (std::string w; words >> w;) word.push_back(w);
    if (word.size() >= 3 && word[1] == "=>" && word[2].front() == '/') {
      paths.push_back(word[2]);
    } else if (!word.empty() && word[0].front() == '/') {
      paths.push_back(word[0]);
    }
  }
  return paths;
}

std::string Replaced(std::string text, const MeasurementKeyInputs& inputs) {
  for (const auto& [name, path] : inputs.placeholders) {
    if (path.empty()) continue;
    for (std::size_t at = text.find(path); at != std::string::npos;
         at = text.find(path, at + name.size())) {
      text.replace(at, path.size(), name);
    }
  }
  return text;
}

class KeyWriter {
 public:
  KeyWriter(const MeasurementKeyInputs& inputs, InputHasher& hasher)
      : inputs_(inputs), hasher_(hasher) {}

  void Line(const std::string& name, const std::string& value) {
    text_ += name + " " + Replaced(value, inputs_) + "\n";
  }

  // Notes the files `value` names (the whole value, the part after a '=',
  // or each part of a ':' list) by their contents.
  void FilesIn(const std::string& value) {
    std::vector<std::string> candidates = {value};
    if (std::size_t eq = value.find('='); eq != std::string::npos)
      candidates.push_back(value.substr(eq + 1));
    std::istringstream parts(value);
    for (std::string part; std::getline(parts, part, ':');)
      candidates.push_back(part);
    for (const std::string& path : candidates) {
      if (IsRegularFile(path)) File(path);
    }
  }

  void File(const std::string& path) {
    if (!seen_.insert(path).second) return;
    Line("file", path + " " + hasher_.FileDigest(path));
    if (IsElf(path)) {
      for (const std::string& library : hasher_.SharedLibraries(path))
        Line("library", library);
      return;
    }
    // A script: its imports are its neighbours.
    std::error_code error;
    std::vector<std::string> siblings;
    for (const auto& entry :
         fs::directory_iterator(fs::path(path).parent_path(), error)) {
      if (entry.is_regular_file(error)) siblings.push_back(entry.path());
      if (siblings.size() > kMaxScriptSiblings) return;
    }
    std::sort(siblings.begin(), siblings.end());
    for (const std::string& sibling : siblings) {
      if (seen_.insert(sibling).second)
        Line("beside", sibling + " " + hasher_.FileDigest(sibling));
    }
  }

  std::string Take() { return std::move(text_); }

 private:
  const MeasurementKeyInputs& inputs_;
  InputHasher& hasher_;
  std::string text_;
  std::set<std::string> seen_;
};

bool Steers(const std::string& name) {
  for (const char* prefix : kSteeringPrefixes) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> InheritedSteering(
    const MeasurementKeyInputs& inputs) {
  std::vector<std::pair<std::string, std::string>> found;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string variable = *entry;
    std::size_t eq = variable.find('=');
    if (eq == std::string::npos) continue;
    std::string name = variable.substr(0, eq);
    bool overridden = std::any_of(
        inputs.environment.begin(), inputs.environment.end(),
        [&](const auto& job_variable) { return job_variable.first == name; });
    if (Steers(name) && !overridden)
      found.emplace_back(name, variable.substr(eq + 1));
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string KernelRelease() {
  struct utsname names {};
  return uname(&names) == 0 ? names.release : "unknown";
}

std::string BlockSize(const std::string& root) {
  struct stat st {};
  return ::stat(root.c_str(), &st) == 0 ? std::to_string(st.st_blksize)
                                        : "unknown";
}

}  // namespace

std::string InputHasher::FileDigest(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  std::string memo_key = fmt::format("{} {} {}.{:09}", path, st.st_size,
                                     st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = files_.find(memo_key);
    if (found != files_.end()) return found->second;
  }
  std::string digest = DigestOfFile(path);
  std::lock_guard<std::mutex> lock(mutex_);
  files_[memo_key] = digest;
  return digest;
}

std::vector<std::string> InputHasher::SharedLibraries(
    const std::string& executable) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = libraries_.find(executable);
    if (found != libraries_.end()) return found->second;
  }
  std::vector<std::string> lines;
  for (const std::string& path : LddPaths(executable))
    lines.push_back(path + " " + FileDigest(path));
  std::sort(lines.begin(), lines.end());
  std::lock_guard<std::mutex> lock(mutex_);
  libraries_[executable] = lines;
  return lines;
}

std::string InputHasher::TreeState(const std::string& root) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = trees_.find(root);
    if (found != trees_.end()) return found->second;
  }
  std::vector<std::string> lines;
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, error), end;
       !error && it != end; it.increment(error)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;
    std::string relative = it->path().lexically_relative(root).generic_string();
    lines.push_back(fmt::format("{} {:o} {} {}.{:09}", relative, st.st_mode,
                                st.st_size, st.st_mtim.tv_sec,
                                st.st_mtim.tv_nsec));
  }
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  // A tree that cannot be walked whole never matches a stored one.
  std::string state =
      error ? "unreadable " + error.message() : DigestOfText(text);
  std::lock_guard<std::mutex> lock(mutex_);
  trees_[root] = state;
  return state;
}

MeasurementKey MakeMeasurementKey(const MeasurementKeyInputs& inputs,
                                  InputHasher& hasher) {
  KeyWriter key(inputs, hasher);
  key.Line("format", kKeyFormat);
  key.Line("heapbound", hasher.FileDigest("/proc/self/exe"));
  key.Line("job", inputs.job_id);
  key.Line("tool-version", inputs.tool_version);
  for (const std::string& arg : inputs.argv) key.Line("arg", arg);
  if (!inputs.argv.empty() && inputs.argv[0].find('/') == std::string::npos)
    key.File(FindOnPath(inputs.argv[0]));
  for (const std::string& arg : inputs.argv) key.FilesIn(arg);
  for (const auto& [name, value] : inputs.environment) {
    key.Line("env", name + "=" + value);
    key.FilesIn(value);
  }
  for (const auto& [name, value] : InheritedSteering(inputs))
    key.Line("inherited", name + "=" + value);
  key.Line("memory-cap", std::to_string(inputs.memory_cap_bytes));
  key.Line("fixture", inputs.fixture_definition_hash + " " +
                          inputs.fixture_digest + " " +
                          hasher.TreeState(inputs.fixture_root));
  key.Line("kernel", KernelRelease());
  key.Line("block-size", BlockSize(inputs.fixture_root));
  MeasurementKey result;
  result.text = key.Take();
  result.digest = DigestOfText(result.text);
  return result;
}

}  // namespace heapbound
