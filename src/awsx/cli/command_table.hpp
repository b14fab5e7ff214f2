#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "awsx/cli/invocation.hpp"

namespace awsx::cli {

// Streams a command writes to; tests pass string streams.
struct Console {
  std::ostream& out;
  std::ostream& err;
};

// One option of a command, as --help, the man page and completions show it.
struct OptionSpec {
  const char* long_name;    // without the leading "--"
  char short_name;          // 0 when there is none
  const char* value_name;   // nullptr for a flag
  const char* help;
};

// One subcommand: the single table behind dispatch, --help, man page and completions.
struct Command {
  const char* name;
  const char* summary;
  const char* usage;            // after "awsx <name> "
  std::vector<OptionSpec> options;
  int max_positionals;          // PROFILE and similar, before the child command
  bool takes_child_command;     // exec: the rest of the line is a command
  bool first_is_profile;        // the first positional names a profile
};

// Every subcommand, in the order help lists them.
std::span<const Command> commands();

// The subcommand called `name`, or nullptr.
const Command* find_command(const std::string& name);

// The options every credential-fetching command shares.
const std::vector<OptionSpec>& credential_options();

} // namespace awsx::cli
