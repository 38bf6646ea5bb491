// Maps tool names to adapters: one line per tool.
#include "heaptrack.h"
#include "massif.h"
#include "tool_adapter.h"
#include "track.h"

namespace heapbound {

std::unique_ptr<ToolAdapter> MakeToolAdapter(const std::string& name) {
  if (name == "massif") return std::make_unique<MassifAdapter>();
  if (name == "heaptrack") return std::make_unique<HeaptrackAdapter>();
  if (name == "track") return std::make_unique<TrackAdapter>();
  return nullptr;
}

std::vector<std::string> ToolNames() {
  return {"massif", "heaptrack", "track"};
}

}  // namespace heapbound
