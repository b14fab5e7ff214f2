// doctor's config lint: cycles as the planner walks them, unused profiles without credentials.
#include <gtest/gtest.h>

#include "awsx/cli/doctor_report.hpp"
#include "awsx/config/config_files.hpp"

using namespace awsx;

namespace {

std::vector<std::string> lint(const std::string& config) {
  std::vector<std::string> lines;
  for (const auto& f : cli::lint_profiles(config::build(config, "/c", "", "/k")))
    lines.push_back(f.file + ":" + std::to_string(f.line) + ": " + f.message);
  return lines;
}

} // namespace

TEST(CliDoctorLint, a_cycle_is_reported_once_per_profile_in_it) {
  EXPECT_EQ(lint("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                 "[profile b]\nrole_arn = arn:b\nsource_profile = a\n"
                 "[profile c]\nrole_arn = arn:c\nsource_profile = a\n"),
            (std::vector<std::string>{"/c:3: source_profile cycle: a -> b -> a",
                                      "/c:6: source_profile cycle: b -> a -> b"}));
}

// From a, b's keys end the chain; asked for, b is a role whose source comes back to it,
// which botocore calls an infinite loop. A profile may name itself (for its own keys).
TEST(CliDoctorLint, keys_end_a_chain_only_from_a_source_and_a_profile_may_name_itself) {
  EXPECT_EQ(lint("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                 "[profile b]\nrole_arn = arn:b\nsource_profile = a\naws_access_key_id = K\n"
                 "aws_secret_access_key = S\n"
                 "[profile s]\nrole_arn = arn:s\nsource_profile = s\n"
                 "[profile t]\nrole_arn = arn:t\nsource_profile = s\n"),
            (std::vector<std::string>{"/c:6: source_profile cycle: b -> a -> b"}));
}

// The cycle is a fact of the source_profile links: another error on the way (here a
// duration that is not a number) hid it while the lint asked the planner.
TEST(CliDoctorLint, a_cycle_is_reported_even_when_a_profile_in_it_has_another_error) {
  EXPECT_EQ(lint("[profile a]\nrole_arn = arn:a\nsource_profile = b\nduration_seconds = x\n"
                 "[profile b]\nrole_arn = arn:b\nsource_profile = a\n"),
            (std::vector<std::string>{"/c:3: source_profile cycle: a -> b -> a",
                                      "/c:7: source_profile cycle: b -> a -> b"}));
}

TEST(CliDoctorLint, an_unused_profile_without_credentials_is_reported) {
  EXPECT_EQ(lint("[default]\nregion = x\n[profile empty]\nregion = y\n"
                 "[profile src]\nregion = z\n[profile r]\nrole_arn = arn:r\n"
                 "source_profile = src\n"),
            (std::vector<std::string>{
                "/c:3: profile empty has no credentials and no profile uses it"}));
}
