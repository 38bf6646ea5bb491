#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "judge.h"
#include "results_reader.h"

namespace heapbound {

// Shards whose shared rows disagree: the same baseline measured to
// different bytes in two shards (the machines or builds differ). Exit 3;
// inputs that do not belong together are ResultsError (exit 2).
class MergeConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The out dir of one `heapbound run --shard I/N`, read and checked.
struct ShardInput {
  std::string dir;
  std::string path;            // <dir>/results.json
  nlohmann::ordered_json doc;  // as written, every field kept
  ResultsFile file;            // typed, checked
  int index = 0;               // provenance.shard
  int count = 0;
};

// The shards joined into one run's results.
struct MergedResults {
  nlohmann::ordered_json doc;     // results.json: rows in plan order
  std::vector<ResultRow> rows;    // the same rows, typed
  std::vector<std::string> dirs;  // the inputs, in shard order
};

// Reads <dir>/results.json of a shard. Throws ResultsError naming the file
// when it is unreadable or not a shard (provenance.shard null or missing).
ShardInput ReadShard(const std::string& dir);

// Joins shards into one run: rows in the unsharded order (plan_index),
// fixtures and provenance combined (shard: null). Throws ResultsError
// naming both inputs and values for shards of different heapbound
// versions, commits or bounds files, different shard counts, a shard
// given twice or missing, fixtures that differ, and case rows in two
// shards; MergeConflict for a baseline whose rows differ.
MergedResults MergeShards(std::vector<ShardInput> shards);

// Turns a results row back into the writers' JobResult.
JobResult ToJobResult(const ResultRow& row);

// Returns heapbound's exit code for the rows: 3 any error, 1 any fail or
// xpass, else 0.
int ExitCodeOfRows(const std::vector<ResultRow>& rows);

// Writes back the statuses and messages of `results` (merged.rows turned
// into JobResults, then judged again: the growth gate of --baseline) into
// merged.rows and merged.doc, leaving every other field as the shards wrote
// it.
void UpdateVerdicts(MergedResults& merged,
                    const std::vector<JobResult>& results);

// Throws ResultsError when `out_dir` is one of the inputs: merging into a
// shard would clear it.
void CheckMergeOut(const std::string& out_dir, const MergedResults& merged);

// Clears the last run's outputs from `out_dir` (the caller holds its
// OutDirLock) and copies the inputs' raw/, timelines/ and stacks/ (a file
// already copied from an earlier shard is kept). Throws OutputError.
void PrepareMergedOut(const std::string& out_dir, const MergedResults& merged);

// Writes junit.xml and summary.md of `results` with the run's writers and
// the merged results.json last, as a run does. Throws OutputError.
void WriteMergedSet(const std::string& out_dir, const MergedResults& merged,
                    const std::vector<JobResult>& results);

}  // namespace heapbound
