#pragma once

namespace heapbound {

// The bounds of the test-only cases in testing_cases.cc, appended to
// cases/bounds.toml by every test that runs heapbound-case-testing: each
// registered case needs a bound, or heapbound refuses to run.
constexpr char kTestingCaseBounds[] = R"(
[case.segfault]
max_peak = "4 KiB"

[case.hang]
max_peak = "4 KiB"

[case.bad_utf8_stderr]
max_peak = "4 KiB"

[case.hog]
max_peak = "4 KiB"

[case.grow_vector]
max_peak = "8 KiB"

[case.grow_string]
max_peak = "8 KiB"
)";

}  // namespace heapbound
