#include <iostream>

#include "awsx/cli/app.hpp"

// awsx-core: every command, with the network, OpenSSL and the keyrings loaded. The
// `awsx` front-end runs it for whatever it cannot serve from the session cache.
int main(int argc, char** argv) {
  awsx::cli::Console console{std::cout, std::cerr};
  return awsx::cli::run({argv + 1, argv + argc}, console);
}
