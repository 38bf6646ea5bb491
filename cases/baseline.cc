// Reads nothing: the driver's own cost (startup, walk, digest bookkeeping)
// with no reader in it. The harness subtracts its peak from every other
// case's, so bounds speak about the reader alone. Its digest is that of a
// tree of empty files and never matches a manifest.
#include "case_registry.h"

namespace heapbound {
namespace {

void ReadNothing(const FileEntry& /*file*/, ByteSink& /*sink*/) {}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(
    baseline, heapbound::ReadNothing,
    "reads nothing: the driver's fixed cost, subtracted from every peak");
