#pragma once

#include <string>
#include <vector>

namespace awsx::process {

// The paths to try, in order, to run `program` with environment `env` ("NAME=value"),
// as Python's subprocess does for a list: `program` itself when it contains a slash,
// else `program` in each folder of the PATH in `env` (an empty entry is the current
// folder), else in /bin:/usr/bin when `env` has no PATH.
std::vector<std::string> exec_candidates(const std::string& program,
                                         const std::vector<std::string>& env);

} // namespace awsx::process
