#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tool_adapter.h"

namespace heapbound {

// Reads the JSON line heapbound-spawn --rss-out writes: max_rss_bytes (the
// wait4 ru_maxrss of the process, the largest of it and the descendants it
// waited for) and a resident-set timeline sampled every 10 ms. Throws
// ToolOutputError when it is missing or malformed.
Measurement ParseRssFile(const std::string& path);

// Peak resident set instead of peak heap: for runtimes whose heap never goes
// through malloc (Go's allocator maps its own arenas), where massif,
// heaptrack and track see nothing. Not exact (pages, not requested bytes;
// the collector's timing moves it), so it never joins the cross-check. The
// command runs under heapbound-spawn, forked from its few hundred KiB, so
// the figure is the program's own.
class RssAdapter : public ToolAdapter {
 public:
  // Uses `spawner` instead of DefaultPaths::Spawner() when not empty.
  explicit RssAdapter(std::string spawner = std::string());

  std::string name() const override { return "rss"; }
  std::string debian_package() const override { return "none"; }
  std::string summary() const override {
    return "peak resident set (wait4), for runtimes that bypass malloc (Go); "
           "pages, not heap";
  }
  double cost_factor() const override { return 1; }
  bool exact() const override { return false; }
  std::string Unavailable() const override;
  std::vector<std::string> Wrap(const std::vector<std::string>& command,
                                const std::string& raw_stem) const override;
  std::vector<std::pair<std::string, std::string>> Environment(
      const std::string& raw_stem) const override;
  Measurement Parse(const std::string& raw_stem) const override;
  std::vector<std::string> RawFiles(const std::string& raw_stem) const override;

  static std::string OutputFile(const std::string& raw_stem);

 private:
  std::string spawner_;
};

}  // namespace heapbound
