#include <gtest/gtest.h>

#include "awsx/cli/command_table.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/util/version.hpp"
#include "support/run_awsx.hpp"

using namespace awsx::cli;
using awsx::test::run_awsx;

TEST(CliApp, every_command_has_help_listing_its_options) {
  for (const auto& command : commands()) {
    const auto r = run_awsx({command.name, "--help"});
    EXPECT_EQ(r.status, 0) << command.name;
    EXPECT_NE(r.out.find(std::string("Usage: awsx ") + command.name), std::string::npos);
    for (const auto& option : command.options)
      EXPECT_NE(r.out.find(std::string("--") + option.long_name), std::string::npos)
          << command.name << " --" << option.long_name;
  }
}

TEST(CliApp, overview_lists_every_command) {
  const auto r = run_awsx({"--help"});
  EXPECT_EQ(r.status, 0);
  for (const auto& command : commands())
    EXPECT_NE(r.out.find(std::string("  ") + command.name + " "), std::string::npos)
        << command.name;
}

TEST(CliApp, version_prints_the_project_version) {
  const auto r = run_awsx({"--version"});
  EXPECT_EQ(r.out, std::string("awsx ") + awsx::version + "\n");
}

TEST(CliApp, usage_errors_exit_2_with_one_error_line_and_a_hint) {
  const auto r = run_awsx({"exec", "--frob"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "awsx: error: unknown option --frob for awsx exec\n"
                   "awsx: hint: run `awsx exec --help`\n");
}

// The table holds no function pointers, so the fast front-end can parse a command line
// without linking every handler; each entry still needs one.
TEST(CliApp, every_command_of_the_table_has_a_handler) {
  for (const auto& command : commands())
    EXPECT_NE(handler_for(command.name), nullptr) << command.name;
  EXPECT_EQ(handler_for("no-such-command"), nullptr);
}
