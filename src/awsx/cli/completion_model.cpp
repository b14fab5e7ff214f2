#include "awsx/cli/completion_model.hpp"

#include "awsx/cli/command_table.hpp"
#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/output/formats.hpp"

namespace awsx::cli {

namespace {

std::vector<std::string> words(std::span<const char* const> list) {
  return {list.begin(), list.end()};
}

std::vector<std::string> value_choices(const std::string& value_name) {
  if (value_name == "FORMAT")
    return words(output::format_names());
  if (value_name == "SHELL")
    return words(shell_names());
  return {};
}

// The first word of the usage line, e.g. "[PROFILE]", says what the positional is.
PositionalKind positional_of(const Command& command) {
  if (command.max_positionals == 0)
    return PositionalKind::none;
  std::string first = command.usage;
  first = first.substr(0, first.find(' '));
  if (first == "PROFILE" || first == "[PROFILE]")
    return PositionalKind::profile;
  if (first == "SHELL" || first == "[SHELL]")
    return PositionalKind::shell;
  if (first == "COMMAND" || first == "[COMMAND]")
    return PositionalKind::command;
  return PositionalKind::none;
}

CompletionOption help_option() {
  return {"help", 'h', false, {}, "", "show this help"};
}

} // namespace

std::vector<CompletionCommand> completion_model() {
  std::vector<CompletionCommand> model;
  for (const auto& command : commands()) {
    CompletionCommand entry{
        command.name,           command.summary,         {},
        positional_of(command), command.max_positionals, command.takes_child_command};
    for (const auto& option : command.options) {
      const bool takes_value = option.value_name != nullptr;
      const std::string value_name = takes_value ? option.value_name : "";
      entry.options.push_back({option.long_name, option.short_name, takes_value,
                               value_choices(value_name), value_name, option.help});
    }
    entry.options.push_back(help_option());
    model.push_back(std::move(entry));
  }
  return model;
}

std::vector<CompletionOption> global_options() {
  return {{"help", 'h', false, {}, "", "show help"},
          {"version", 'V', false, {}, "", "print the version"}};
}

std::vector<std::string> positional_words(PositionalKind kind) {
  std::vector<std::string> out;
  if (kind == PositionalKind::shell)
    out = words(shell_names());
  if (kind == PositionalKind::command)
    for (const auto& command : commands())
      out.emplace_back(command.name);
  return out;
}

} // namespace awsx::cli
