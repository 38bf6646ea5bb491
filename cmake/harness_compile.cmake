# How the harness (the heapbound CLI and the libraries only it links) is
# compiled. None of it is measured, so what counts is how long a clean
# build takes (issue 8: clean clone to verdict); the measured code — the
# case driver, the cases, their support and tree libraries, track and the
# reading marker — keeps the build type's flags and its full -g.
#
# Most of a clean harness build is the same fmt, nlohmann/json and CLI11
# templates instantiated and given debug info again in every file
# (harness/cli's eight files: 107 s of CPU at -O2 -g, one at a time).
#  - Unity builds (HEAPBOUND_UNITY): those templates once per library. One
#    batch per library (HEAPBOUND_UNITY_BATCH 0) measured cheapest, and it
#    makes every clash of two files' file-local names a compile error
#    (docs/design.md, "Code layout"). The cost is that an edit recompiles
#    its library (heapbound_run: ~45 s of CPU); a compiler launcher (ccache)
#    turns unity off, since ccache hits per file beat it on a warm cache.
#  - Line tables only (-g1) in RelWithDebInfo: a backtrace still has
#    file:line; full debug info of those templates doubled each file's time.
# With the Go readers built one after the first (cases/programs/go), they
# took ci/bench-ci's cold build of heapbound-suite from 260.2 s (496.6 s of
# CPU) to 63.8 s (119.3 s). A precompiled header of fmt, json and CLI11 made
# the unity build slower (112 s against 91 s in one trial): a unity file
# parses them once anyway, and building the PCH first held back the
# libraries' compiles.
option(HEAPBOUND_UNITY "Compile the harness in unity batches" ON)
set(HEAPBOUND_UNITY_BATCH 0 CACHE STRING "Files per unity batch of the harness (0: the whole library)")
option(HEAPBOUND_HARNESS_LINE_TABLES "Compile the harness with -g1 in RelWithDebInfo" ON)

set(heapbound_harness_targets
  heapbound heapbound_common heapbound_bounds heapbound_tools heapbound_fixtures
  heapbound_run heapbound_suite heapbound_compare)
foreach(target ${heapbound_harness_targets})
  if(HEAPBOUND_UNITY AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set_target_properties(${target} PROPERTIES
      UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${HEAPBOUND_UNITY_BATCH})
  endif()
  if(HEAPBOUND_HARNESS_LINE_TABLES)
    target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo>:-g1>)
  endif()
endforeach()
