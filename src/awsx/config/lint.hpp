#pragma once

#include <string>
#include <vector>

#include "awsx/config/config_files.hpp"

namespace awsx::config {

// One finding of the config lint, at a place in a file.
struct LintFinding {
  std::string file;
  int line = 0;
  std::string message;
};

// Keys of the profiles in `files` that no AWS tool reads, with a likely intended key
// when one is a small edit away (e.g. "mfa_seral" -> "mfa_serial").
std::vector<LintFinding> lint_unknown_keys(const ConfigFiles& files);

// The number of single-character edits turning `a` into `b`.
std::size_t edit_distance(const std::string& a, const std::string& b);

} // namespace awsx::config
