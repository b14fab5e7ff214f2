#include <array>

#include "awsx/cli/embedded_scripts.hpp"

namespace awsx::cli {

namespace {

constexpr std::array<const char*, 3> names = {"bash", "zsh", "fish"};

} // namespace

// Apart from the hooks in shells.cpp: the command table offers these names, and the
// front-end, which links the table, has no use for the scripts' bytes.
std::span<const char* const> shell_names() {
  return names;
}

} // namespace awsx::cli
