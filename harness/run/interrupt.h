#pragma once

#include <atomic>

namespace heapbound {

// Turns SIGINT and SIGTERM into a flag the job runner polls: running
// children are killed (their whole process group) and temporaries removed
// instead of dying half-way. Installs the handlers on first call.
const std::atomic<bool>& InterruptFlag();
// The signal that set the flag, or 0.
int InterruptSignal();

}  // namespace heapbound
