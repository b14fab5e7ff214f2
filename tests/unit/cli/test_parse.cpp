#include <gtest/gtest.h>

#include "awsx/cli/parse.hpp"
#include "awsx/util/error.hpp"

using awsx::UsageError;
using awsx::cli::parse_command_line;

TEST(CliParse, options_before_or_after_the_profile) {
  const auto a = parse_command_line({"exec", "-t", "123456", "prod", "--region", "eu-west-1"});
  const auto b =
      parse_command_line({"exec", "prod", "--mfa-token=123456", "--region", "eu-west-1"});
  for (const auto& inv : {a, b}) {
    EXPECT_EQ(inv.command, "exec");
    EXPECT_EQ(inv.credentials.profile, "prod");
    EXPECT_EQ(inv.credentials.mfa_token, "123456");
    EXPECT_EQ(inv.credentials.region, "eu-west-1");
    EXPECT_TRUE(inv.child.empty());
  }
}

TEST(CliParse, everything_after_double_dash_belongs_to_the_child) {
  const auto inv =
      parse_command_line({"exec", "prod", "--", "aws", "--region", "x", "--", "y"});
  EXPECT_EQ(inv.child, (std::vector<std::string>{"aws", "--region", "x", "--", "y"}));
  EXPECT_EQ(inv.credentials.region, "");
}

TEST(CliParse, command_starts_at_the_second_positional_without_double_dash) {
  const auto inv = parse_command_line({"exec", "prod", "terraform", "apply", "-auto-approve"});
  EXPECT_EQ(inv.credentials.profile, "prod");
  EXPECT_EQ(inv.child, (std::vector<std::string>{"terraform", "apply", "-auto-approve"}));
}

TEST(CliParse, durations_are_parsed_and_bounded) {
  EXPECT_EQ(parse_command_line({"exec", "-d", "12h"}).credentials.duration->count(), 43200);
  EXPECT_EQ(parse_command_line({"exec", "--duration", "90m"}).credentials.duration->count(),
            5400);
  EXPECT_THROW(parse_command_line({"exec", "-d", "13h"}), UsageError);
  EXPECT_THROW(parse_command_line({"exec", "-d", "5m"}), UsageError);
  EXPECT_THROW(parse_command_line({"exec", "-d", "soon"}), UsageError);
}

TEST(CliParse, bad_command_lines_are_usage_errors) {
  EXPECT_THROW(parse_command_line({"frobnicate"}), UsageError);
  EXPECT_THROW(parse_command_line({"exec", "--bogus"}), UsageError);
  EXPECT_THROW(parse_command_line({"exec", "--region"}), UsageError);
  EXPECT_THROW(parse_command_line({"exec", "--no-cache=yes"}), UsageError);
  EXPECT_THROW(parse_command_line({"whoami", "a", "b"}), UsageError);
  EXPECT_THROW(parse_command_line({"whoami", "a", "--", "b"}), UsageError);
}

TEST(CliParse, help_and_version) {
  EXPECT_TRUE(parse_command_line({}).help);
  EXPECT_TRUE(parse_command_line({"--help"}).help);
  EXPECT_TRUE(parse_command_line({"--version"}).version);
  const auto inv = parse_command_line({"exec", "--help"});
  EXPECT_TRUE(inv.help);
  EXPECT_EQ(inv.command, "exec");
}

TEST(CliParse, short_options_never_swallow_glued_text) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"list", "-xjson"},
                                               {"whoami", "-xjson"},
                                               {"list", "-json"},
                                               {"export", "-xformat"},
                                               {"exec", "-hx"},
                                               {"list", "-j"}}) {
    try {
      const auto inv = parse_command_line(args);
      ADD_FAILURE() << args[1] << " was accepted (json=" << inv.json << ")";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.code(), awsx::ExitCode::usage);
    }
  }
  try {
    parse_command_line({"list", "-xjson"});
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "unknown option -x for awsx list");
  }
}

TEST(CliParse, a_short_option_that_takes_a_value_may_have_it_glued_as_getopt_allows) {
  const auto inv = parse_command_line({"export", "prod", "-t123456", "-fjson", "-d12h"});
  EXPECT_EQ(inv.credentials.mfa_token, "123456");
  EXPECT_EQ(inv.format, "json");
  EXPECT_EQ(inv.credentials.duration, std::chrono::hours(12));
  EXPECT_EQ(parse_command_line({"export", "-f", "env"}).format, "env");
}
