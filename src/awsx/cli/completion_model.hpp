#pragma once

#include <string>
#include <vector>

#include "awsx/cli/command_table.hpp"

namespace awsx::cli {

// One option as the completion scripts need it.
struct CompletionOption {
  std::string long_name; // without "--"
  char short_name = 0;   // 0 when there is none
  bool takes_value = false;
  std::vector<std::string> values; // the fixed choices of its value; empty for free text
  std::string value_name;          // e.g. "FORMAT"
  std::string help;
};

// One subcommand as the completion scripts need it.
struct CompletionCommand {
  std::string name;
  std::string summary;
  std::vector<CompletionOption> options; // including -h/--help
  PositionalKind positional = PositionalKind::none;
  int max_positionals = 0;
  bool runs_child = false; // exec: after PROFILE comes a command line
};

// The command table turned into what completions offer: subcommands, options, option
// values (formats, shells) and what each command's positional argument is.
std::vector<CompletionCommand> completion_model();

// The options `awsx` takes before a subcommand (-h/--help, -V/--version).
std::vector<CompletionOption> global_options();

// The words offered for a positional of kind `kind`; profiles are looked up live, so
// they give an empty list here.
std::vector<std::string> positional_words(PositionalKind kind);

} // namespace awsx::cli
