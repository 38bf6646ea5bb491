#pragma once

namespace heapbound {

// The exit codes of `heapbound` (docs/design.md, "Verdicts").
constexpr int kExitPass = 0;  // every bound held, every control exceeded
constexpr int kExitBoundBroken =
    1;                         // a bound broken, or a negative control that fit
constexpr int kExitUsage = 2;  // bad usage or configuration
constexpr int kExitInfrastructure =
    3;  // tool missing, crash, timeout, untraced run

}  // namespace heapbound
