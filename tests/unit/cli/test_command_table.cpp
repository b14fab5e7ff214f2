#include <gtest/gtest.h>

#include <algorithm>

#include "awsx/cli/command_table.hpp"
#include "awsx/cli/completion_gen.hpp"
#include "awsx/cli/completion_model.hpp"
#include "awsx/cli/parse.hpp"

using namespace awsx::cli;

namespace {

// A value `option` accepts: its first fixed word, a duration, or any text.
std::string sample_value(const OptionSpec& option) {
  if (option.choices != nullptr)
    return option.choices().front();
  if (std::string(option.value_name) == "DURATION")
    return "1h";
  return "sample";
}

// `awsx <command> --<option> [value]`, the option spelled `spelling`.
std::vector<std::string> line_with(const Command& command, const OptionSpec& option,
                                   const std::string& spelling) {
  std::vector<std::string> args{command.name, spelling};
  if (option.value_name != nullptr)
    args.push_back(sample_value(option));
  return args;
}

std::vector<std::string> words(Choices choices) {
  if (choices == nullptr)
    return {};
  const auto list = choices();
  return {list.begin(), list.end()};
}

const CompletionCommand* completion_of(const std::vector<CompletionCommand>& model,
                                       const std::string& name) {
  auto it = std::find_if(model.begin(), model.end(),
                         [&](const CompletionCommand& c) { return c.name == name; });
  return it == model.end() ? nullptr : &*it;
}

} // namespace

// An option whose setter does nothing, or writes what another option writes, fails here.
TEST(CliCommandTable, every_option_changes_the_invocation_in_its_own_way) {
  for (const auto& command : commands()) {
    const auto bare = parse_command_line({command.name});
    std::vector<std::pair<std::string, Invocation>> seen;
    for (const auto& option : command.options) {
      const std::string name = std::string("--") + option.long_name;
      const auto inv = parse_command_line(line_with(command, option, name));
      EXPECT_FALSE(inv == bare) << "awsx " << command.name << " " << name << " changes nothing";
      for (const auto& [other, earlier] : seen)
        EXPECT_FALSE(inv == earlier)
            << "awsx " << command.name << " " << name << " does what " << other << " does";
      seen.emplace_back(name, inv);
      if (option.short_name != 0) {
        const std::string letter = std::string("-") + option.short_name;
        EXPECT_TRUE(parse_command_line(line_with(command, option, letter)) == inv)
            << "awsx " << command.name << " " << letter << " is not " << name;
      }
    }
  }
}

TEST(CliCommandTable, every_option_is_completed_with_its_choices) {
  const auto model = completion_model();
  std::vector<std::string> scripts;
  for (const std::string shell : {"bash", "zsh", "fish"})
    scripts.push_back(completion_script(shell));
  for (const auto& command : commands()) {
    const auto* entry = completion_of(model, command.name);
    ASSERT_NE(entry, nullptr) << command.name << " is not completed";
    EXPECT_EQ(entry->positional, command.positional) << command.name;
    for (const auto& option : command.options) {
      auto it = std::find_if(
          entry->options.begin(), entry->options.end(),
          [&](const CompletionOption& o) { return o.long_name == option.long_name; });
      ASSERT_NE(it, entry->options.end()) << command.name << " --" << option.long_name;
      EXPECT_EQ(it->short_name, option.short_name) << command.name << " --" << option.long_name;
      EXPECT_EQ(it->takes_value, option.value_name != nullptr) << option.long_name;
      EXPECT_EQ(it->values, words(option.choices)) << command.name << " --" << option.long_name;
      for (const auto& word : it->values)
        for (const auto& script : scripts)
          EXPECT_NE(script.find(word), std::string::npos)
              << "--" << option.long_name << " " << word;
    }
  }
}

TEST(CliCommandTable, every_command_with_positionals_says_what_they_name) {
  for (const auto& command : commands()) {
    EXPECT_EQ(command.max_positionals > 0, command.positional != PositionalKind::none)
        << command.name;
    if (command.positional == PositionalKind::profile) {
      EXPECT_EQ(parse_command_line({command.name, "prod"}).credentials.profile, "prod")
          << command.name;
    } else if (command.positional != PositionalKind::none) {
      EXPECT_FALSE(positional_words(command.positional).empty()) << command.name;
    }
  }
}
