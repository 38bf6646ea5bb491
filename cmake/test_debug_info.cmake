# Compiles the googletest files (every target linking GTest directly) with
# line tables only (-g1) in RelWithDebInfo: full debug info of gtest, gmock
# and nlohmann/json templates is over a third of each test file's compile
# time (fixture_check_test.cc: 12.9 s of CPU at -O2 -g, 8.3 s at -O2 -g1),
# and CI never debugs a test binary; a backtrace keeps file:line. A PCH for
# them measured no gain (code generation, not parsing, dominates). The
# measured programs, the case drivers and the libraries keep full -g.
option(HEAPBOUND_TESTS_LINE_TABLES "Compile googletest files with -g1 in RelWithDebInfo" ON)

# Appends to `out` every target defined in `dir` and below.
function(heapbound_collect_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    heapbound_collect_targets(${sub} sub_targets)
    list(APPEND targets ${sub_targets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

if(HEAPBOUND_TESTS_LINE_TABLES AND HEAPBOUND_BUILD_TESTS)
  heapbound_collect_targets(${PROJECT_SOURCE_DIR} all_targets)
  foreach(target ${all_targets})
    get_target_property(type ${target} TYPE)
    get_target_property(libs ${target} LINK_LIBRARIES)
    if(type MATCHES "^(EXECUTABLE|STATIC_LIBRARY)$" AND "${libs}" MATCHES "GTest::")
      target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo>:-g1>)
    endif()
  endforeach()
endif()
