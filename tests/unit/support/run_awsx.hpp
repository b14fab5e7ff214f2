#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "awsx/cli/app.hpp"

namespace awsx::test {

// What one in-process awsx run left: its exit status and what it wrote to each stream.
struct Captured {
  int status;
  std::string out;
  std::string err;
};

// Runs awsx in this process on `args` (the words after the program name), as main would,
// capturing its output instead of writing to the terminal.
inline Captured run_awsx(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  cli::Console console{out, err};
  const int status = cli::run(args, console);
  return {status, out.str(), err.str()};
}

} // namespace awsx::test
