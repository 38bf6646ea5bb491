# Precompiles the heavy third-party headers (fmt, nlohmann/json, CLI11) once
# per library of the suite instead of once per source file: parsing them is
# most of a clean build (issue 8: clean clone to verdict in 60 s). Off under
# a compiler launcher (ccache does not cache compiles that use a PCH unless
# told to, and its hits beat a PCH on a warm cache) and in the fuzz build.
option(HEAPBOUND_PCH "Precompile fmt, nlohmann/json and CLI11 per library" ON)
if(HEAPBOUND_PCH AND NOT CMAKE_CXX_COMPILER_LAUNCHER AND NOT HEAPBOUND_BUILD_FUZZERS)
  set(heapbound_pch_std <algorithm> <map> <memory> <optional> <string> <string_view> <vector>)
  # Only where many files share the headers: for heapbound_bounds (4 files,
  # fmt only) a PCH measured no gain (11.7 s vs 12.5 s CPU).
  foreach(target heapbound_fixtures heapbound_run)
    target_precompile_headers(${target} PRIVATE
      <fmt/format.h> <nlohmann/json.hpp> ${heapbound_pch_std})
  endforeach()
  target_precompile_headers(heapbound PRIVATE
    <CLI/CLI.hpp> <fmt/format.h> <nlohmann/json.hpp> ${heapbound_pch_std})
endif()
