#pragma once

#include <map>
#include <string>
#include <vector>

#include "bounds_file.h"
#include "judge.h"
#include "user_frame.h"

namespace heapbound {

// Where a broken bound shows on a pull request: the user frame of the row's
// largest site that has one, else the bound's line in bounds.toml.
struct ProblemPlace {
  std::string path;  // relative to the repository root; "" when unknown
  int line = 0;
};

// What the CI annotations need besides the rows.
struct AnnotationContext {
  const SourceTree* tree = &ProjectSourceTree();
  // The checked-out repository: $GITHUB_WORKSPACE or $CI_PROJECT_DIR. Empty:
  // the source tree is the repository.
  std::string repo_root;
  // Case name -> the position of its max_peak in the bounds file.
  std::map<std::string, SourcePosition> bound_positions;
};

// Returns the context of this process: repo_root from the environment.
AnnotationContext MakeAnnotationContext(const BoundsFile& bounds);

// Returns true when GITHUB_ACTIONS is "true" in this process's environment.
bool InGithubActions();

ProblemPlace PlaceOf(const JobResult& row, const AnnotationContext& context);

// Returns GitHub workflow commands, one line per problem row: `::error
// file=cases/chunk.cc,line=15,title=...::message` for a broken bound,
// `::warning` for a negative control that fit (xpass), and `::error` with
// no file for an error row. The message holds the verdict and the top
// sites; %, CR, LF (and in properties : and ,) are escaped as GitHub
// requires. GitHub shows ten errors and ten warnings per step: at most ten
// of each are printed, broken bounds first, then error rows, then the
// warnings, each in row order; then one `::notice` counts the problems
// left out and points to summary.md.
std::string GithubAnnotations(const std::vector<JobResult>& results,
                              const AnnotationContext& context);

// Returns the GitLab code quality report (codequality.json): a JSON array
// with one issue per fail or xpass row: {description, check_name,
// fingerprint, severity, location: {path, lines: {begin}}}. The
// fingerprint (xxh64 of check, case, fixture, tool and path) stays the same
// while the same row stays broken, so merge requests show new and fixed
// problems.
std::string CodeQualityJson(const std::vector<JobResult>& results,
                            const AnnotationContext& context);

// Writes CodeQualityJson to <out>/codequality.json through a temporary;
// throws OutputError. RemoveCodeQuality removes it (a set that could not be
// written whole).
void WriteCodeQuality(const std::string& out_dir,
                      const std::vector<JobResult>& results,
                      const AnnotationContext& context);
void RemoveCodeQuality(const std::string& out_dir);

}  // namespace heapbound
