#pragma once

#include <string>

#include "awsx/cli/command_table.hpp"

namespace awsx::cli {

// The overview printed by `awsx --help`, listing every command of the table.
std::string overview_help();

// The help of one `command`: usage line and every option.
std::string command_help(const Command& command);

} // namespace awsx::cli
