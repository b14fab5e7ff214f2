#include <iostream>

#include "awsx/cli/app.hpp"

int main(int argc, char** argv) {
  awsx::cli::Console console{std::cout, std::cerr};
  return awsx::cli::run({argv + 1, argv + argc}, console);
}
