#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "awsx/cli/app.hpp"
#include "awsx/cli/real_context.hpp"
#include "support/context.hpp"

namespace awsx::test {

// What one in-process awsx run left: its exit status and what it wrote to each stream.
struct Captured {
  int status;
  std::string out;
  std::string err;
};

// Runs awsx in this process on `args` (the words after the program name) with the real
// services, as main would, capturing its output instead of writing to the terminal.
inline Captured run_awsx(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  cli::Console console{out, err};
  cli::RealServices services;
  auto ctx = services.context(console);
  const int status = cli::run(args, ctx);
  return {status, out.str(), err.str()};
}

// Runs awsx on `args` with the services of `test` (its environment, clock, keyrings...);
// returns what it wrote in this run only.
inline Captured run_awsx(const std::vector<std::string>& args, TestContext& test) {
  test.out.str("");
  test.err.str("");
  auto ctx = test.context();
  const int status = cli::run(args, ctx);
  return {status, test.out.str(), test.err.str()};
}

} // namespace awsx::test
