#pragma once

// What the case driver (cases/driver/main.cc) and the job runner agree on.
namespace heapbound {

// The driver's exit code when the case runs out of memory (std::bad_alloc),
// e.g. under the RLIMIT_DATA cap the runner sets. It returns from main, so
// every tool still writes its complete output.
constexpr int kCaseExitOutOfMemory = 4;

// The job runner's pid, given to every job: the driver dies with its parent
// (PR_SET_PDEATHSIG) while it is set, also under heaptrack's script.
constexpr char kRunnerPidVariable[] = "HEAPBOUND_RUNNER_PID";

}  // namespace heapbound
