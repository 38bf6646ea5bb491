#pragma once

#include <string>
#include <vector>

namespace heapbound {

// Removes what a measuring tool leaves in the temporary folder when it is
// killed, named after its pid: valgrind's vgdb-pipe-{from-vgdb-to,
// to-vgdb-from,shared-mem-vgdb}-<pid>-by-<user>-on-<host> (under $TMPDIR or
// /tmp) and heaptrack's /tmp/heaptrack_fifo<pid>. Only for pids that no
// longer run.
void RemoveToolDebris(const std::vector<int>& pids);

// Returns the scratch folder of this run, <out>/.scratch-<pid>.
std::string ScratchDirFor(const std::string& out_dir);

// Records a running job's pid in the scratch folder, so a later run can
// clean up after it if heapbound dies; ForgetJobPid removes the record.
void RecordJobPid(const std::string& scratch, int pid);
void ForgetJobPid(const std::string& scratch, int pid);

// Removes <out>/.scratch-<pid> folders of heapbound runs that no longer
// run (killed with SIGKILL), with the tool debris of the jobs they record.
void RemoveStaleScratchDirs(const std::string& out_dir);

}  // namespace heapbound
