#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace awsx::fast {

// For `awsx exec`, `awsx export` or `awsx use --shell S` whose session the kernel
// keyring holds (session::lookup_cached): replaces this process with the command, or
// prints the session or the hook's code and exits. Returns for any other command line, a
// cache miss, or any failure, and the caller hands the command line to awsx-core, which
// repeats the work with everything loaded and reports what went wrong.
void serve_if_cached(const std::vector<std::string>& args);

// Where to look for awsx-core, in order, when this program is `self` (/proc/self/exe, or
// nullopt when that can't be read): next to it as installed or in the build tree, else
// only the absolute install path fixed at build time, never the current folder.
std::vector<std::filesystem::path>
core_candidates(const std::optional<std::filesystem::path>& self);

// Replaces this process with awsx-core, given `argv` unchanged, so secrets never need to
// pass on a command line. Prints an error and exits 127 when awsx-core is missing.
[[noreturn]] void hand_over(char** argv);

} // namespace awsx::fast
