#include "awsx/cli/completion_model.hpp"

#include "awsx/cli/embedded_scripts.hpp"

namespace awsx::cli {

namespace {

std::vector<std::string> words(std::span<const char* const> list) {
  return {list.begin(), list.end()};
}

std::vector<std::string> words(Choices choices) {
  return choices == nullptr ? std::vector<std::string>{} : words(choices());
}

CompletionOption help_option() {
  return {"help", 'h', false, {}, "", "show this help"};
}

} // namespace

std::vector<CompletionCommand> completion_model() {
  std::vector<CompletionCommand> model;
  for (const auto& command : commands()) {
    CompletionCommand entry{
        command.name,       command.summary,         {},
        command.positional, command.max_positionals, command.takes_child_command};
    for (const auto& option : command.options) {
      const bool takes_value = option.value_name != nullptr;
      const std::string value_name = takes_value ? option.value_name : "";
      entry.options.push_back({option.long_name, option.short_name, takes_value,
                               words(option.choices), value_name, option.help});
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
