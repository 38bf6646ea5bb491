# libFuzzer targets for heapbound's parsers (HEAPBOUND_BUILD_FUZZERS, the
# `fuzz` preset: cmake --preset fuzz && cmake --build --preset fuzz &&
# ctest --preset fuzz; ci/fuzz [SECONDS] does all three).
#
# Every target of this build is compiled with
# -fsanitize=fuzzer-no-link,address,undefined (coverage for libFuzzer, ASan,
# UBSan that aborts on its first report), so the libraries a fuzzer links are
# instrumented however they grow; the fuzzers alone link -fsanitize=fuzzer.
# Only the `heapbound_fuzzers` target (the fuzz build preset) is meant to be
# built here.
#
# NDEBUG is forced: toml++ 3.3.0 asserts inside its own parser in a debug
# build on inputs like `[[(`, where the release build reports them cleanly
# as toml::parse_error (and so heapbound as a ConfigError).
#
# Adding a target is one file and one line: write <name>_fuzzer.cc (an
# LLVMFuzzerTestOneInput that catches exactly the parser's documented error
# types) in a fuzz/ folder beside the code it fuzzes, and add
#   heapbound_add_fuzzer(<name> LIBS <library> SEEDS <files or globs>)
# to that folder's CMakeLists.txt (see harness/run/fuzz/ for the slot of the
# results.json reader).

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "HEAPBOUND_BUILD_FUZZERS needs clang and clang++ "
    "(libFuzzer); configure with `cmake --preset fuzz`")
endif()

add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
  -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
add_compile_definitions(NDEBUG)
enable_testing()

set(HEAPBOUND_FUZZ_SECONDS 10 CACHE STRING
  "Seconds each fuzz target runs under ctest (label fuzz); the environment variable of the same name overrides it")

# What every fuzz target uses: FuzzInputFile (fuzz_input_file.h).
add_library(heapbound_fuzz_support INTERFACE)
target_include_directories(heapbound_fuzz_support INTERFACE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(heapbound_fuzz_support INTERFACE fmt::fmt)

# Builds every fuzzer (the fuzz build preset's only target).
add_custom_target(heapbound_fuzzers)

# Adds build/fuzz/fuzzers/<name>_fuzzer from <name>_fuzzer.cc and the ctest
# test fuzz.<name> (label fuzz): run_fuzzer.sh runs it for
# HEAPBOUND_FUZZ_SECONDS on a fresh copy of SEEDS (files or globs, expanded
# when the test runs; DECOMPRESS_SEEDS unpacks .zst seeds first) under
# <build>/fuzz-corpus/<name>, never in the source tree, and fails on any
# crash, leak, timeout or out-of-memory.
function(heapbound_add_fuzzer name)
  cmake_parse_arguments(ARG "DECOMPRESS_SEEDS" "DICT" "SOURCES;LIBS;SEEDS" ${ARGN})
  if(NOT ARG_SOURCES)
    set(ARG_SOURCES ${name}_fuzzer.cc)
  endif()
  if(NOT ARG_SEEDS)
    message(FATAL_ERROR "heapbound_add_fuzzer(${name}): give SEEDS")
  endif()
  set(target ${name}_fuzzer)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} heapbound_fuzz_support heapbound_warnings)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzzers)
  add_dependencies(heapbound_fuzzers ${target})

  set(options --name ${name} --binary $<TARGET_FILE:${target}>
    --work ${CMAKE_BINARY_DIR} --seconds ${HEAPBOUND_FUZZ_SECONDS})
  if(ARG_DICT)
    list(APPEND options --dict ${CMAKE_CURRENT_SOURCE_DIR}/${ARG_DICT})
  endif()
  if(ARG_DECOMPRESS_SEEDS)
    list(APPEND options --decompress)
  endif()
  add_test(NAME fuzz.${name}
    COMMAND ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/run_fuzzer.sh ${options} -- ${ARG_SEEDS})
  set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz)
endfunction()
