#include <iostream>

#include "awsx/cli/app.hpp"
#include "awsx/cli/real_context.hpp"
#include "awsx/util/process_state.hpp"

// awsx-core: every command, with the network, OpenSSL and the keyrings loaded. The
// `awsx` front-end runs it for whatever it cannot serve from the session cache. It holds
// keys, so it starts non-dumpable, with the passphrase out of its environment.
int main(int argc, char** argv) {
  awsx::util::protect_core_process();
  // Built after the private variables are taken: the environment still answers for them.
  awsx::cli::RealServices services;
  awsx::cli::Console console{std::cout, std::cerr};
  auto ctx = services.context(console);
  return awsx::cli::run({argv + 1, argv + argc}, ctx);
}
