#include <gtest/gtest.h>

#include "awsx/cli/command_table.hpp"
#include "awsx/cli/completion_gen.hpp"
#include "awsx/cli/completion_model.hpp"
#include "awsx/output/formats.hpp"

using namespace awsx::cli;

namespace {

const CompletionCommand& entry(const std::string& name) {
  static const auto model = completion_model();
  for (const auto& c : model)
    if (c.name == name)
      return c;
  throw std::runtime_error("no command " + name);
}

const CompletionOption& option(const std::string& command, const std::string& name) {
  for (const auto& o : entry(command).options)
    if (o.long_name == name)
      return o;
  throw std::runtime_error("no option --" + name + " for " + command);
}

} // namespace

TEST(CliCompletionModel, positionals_are_the_kinds_the_table_gives) {
  EXPECT_EQ(entry("exec").positional, PositionalKind::profile);
  EXPECT_TRUE(entry("exec").runs_child);
  EXPECT_EQ(entry("add").positional, PositionalKind::profile);
  EXPECT_EQ(entry("init").positional, PositionalKind::shell);
  EXPECT_EQ(entry("completion").positional, PositionalKind::shell);
  EXPECT_EQ(entry("help").positional, PositionalKind::command);
  EXPECT_EQ(entry("list").positional, PositionalKind::none);
}

TEST(CliCompletionModel, option_values_come_from_the_formats_and_shells) {
  const auto names = awsx::output::format_names();
  EXPECT_EQ(option("export", "format").values,
            std::vector<std::string>(names.begin(), names.end()));
  EXPECT_EQ(option("use", "shell").values, (std::vector<std::string>{"bash", "zsh", "fish"}));
  EXPECT_TRUE(option("exec", "region").takes_value);
  EXPECT_TRUE(option("exec", "region").values.empty());
  EXPECT_FALSE(option("exec", "help").takes_value);
}

TEST(CliCompletionScripts, every_command_and_option_of_the_table_is_offered) {
  for (const std::string shell : {"bash", "zsh", "fish"}) {
    const auto script = completion_script(shell);
    for (const auto& command : commands()) {
      EXPECT_NE(script.find(command.name), std::string::npos) << shell << " " << command.name;
      for (const auto& option : command.options) {
        const std::string flag = shell == "fish" ? std::string("-l ") + option.long_name
                                                 : std::string("--") + option.long_name;
        EXPECT_NE(script.find(flag), std::string::npos) << shell << " " << flag;
      }
    }
    for (const char* format : awsx::output::format_names())
      EXPECT_NE(script.find(format), std::string::npos) << shell << " " << format;
    EXPECT_NE(script.find("awsx completion --profiles"), std::string::npos) << shell;
  }
}

TEST(CliCompletionScripts, each_shell_registers_its_completion) {
  EXPECT_NE(bash_completion().find("\ncomplete -F _awsx awsx\n"), std::string::npos);
  EXPECT_EQ(zsh_completion().rfind("#compdef awsx\n", 0), 0u);
  EXPECT_NE(fish_completion().find("\ncomplete -c awsx -f\n"), std::string::npos);
}
