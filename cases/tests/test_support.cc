#include "test_support.h"

#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "child_process.h"
#include "tree_digest.h"
#include "tree_walker.h"

namespace heapbound {
namespace testing_support {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base && *base ? base : "/tmp") + "/heapbound-cases-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + ": " +
                             std::strerror(errno));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  // Restores permissions tests took away, so everything can be removed.
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
  fs::remove_all(path_, ignored);
}

std::string TempDir::Join(const std::string& relative) const {
  return path_ + "/" + relative;
}

void WriteFile(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

namespace {

void PutLe64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>(value >> (8 * i)));
}

void CollectFiles(const fs::path& dir, const std::string& prefix,
                  std::vector<std::pair<std::string, fs::path>>& files) {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  // Sorts bytewise: char_traits<char> compares as unsigned char, like strcmp.
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    fs::path path = dir / name;
    fs::file_status status = fs::symlink_status(path);
    if (fs::is_directory(status)) {
      CollectFiles(path, prefix + name + "/", files);
    } else if (fs::is_regular_file(status)) {
      files.emplace_back(prefix + name, path);
    }
  }
}

}  // namespace

TreeResult ReferenceDigest(const std::string& root, bool empty_files) {
  std::vector<std::pair<std::string, fs::path>> files;
  CollectFiles(root, "", files);
  std::string records;
  TreeResult result;
  for (const auto& [relative, path] : files) {
    std::string content = empty_files ? std::string() : ReadFile(path.string());
    records.append(relative);
    records.push_back('\0');
    PutLe64(records, content.size());
    PutLe64(records, XXH3_64bits(content.data(), content.size()));
    result.bytes += content.size();
    ++result.files;
  }
  result.digest = DigestHex(XXH3_64bits(records.data(), records.size()));
  return result;
}

TreeResult RunCaseInProcess(const Case& reader, const std::string& root) {
  TreeDigest digest;
  RunCaseOverTree(reader, root.c_str(), digest);
  return TreeResult{DigestHex(digest.Finish()), digest.bytes(), digest.files()};
}

std::vector<std::string> CaseNames(bool with_baseline) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < CaseCount(); ++i) {
    std::string name = CaseAt(i).name;
    if (with_baseline || name != "baseline") names.push_back(name);
  }
  return names;
}

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::string& /*scratch_dir*/, long run_as_uid) {
  ChildSpec spec;
  spec.argv = argv;
  spec.capture_stdout = true;
  spec.capture_stderr = true;
  spec.run_as_uid = run_as_uid;
  ChildResult child = RunChild(spec);
  ProcessResult result;
  result.exit_code = child.ShellStatus();
  result.out = std::move(child.stdout_text);
  result.err = child.spawn_error.empty() ? std::move(child.stderr_text)
                                         : child.spawn_error;
  return result;
}

std::string FindInPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) {
      return dir;
    }
  }
  return "";
}

}  // namespace testing_support
}  // namespace heapbound
