#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/creds/profile_command.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

namespace {

// Runs `text` as profile dev's credential_process, supervised as `how` says.
std::string run(const std::string& text, const process::Supervision& how = {}) {
  return creds::run_profile_command({"credential_process", text, "dev", "~/.aws/config:7"}, how,
                                    4096, "one JSON object");
}

// The CredentialError running `text` throws.
CredentialError error_running(const std::string& text, const process::Supervision& how = {}) {
  try {
    run(text, how);
  } catch (const CredentialError& e) {
    return e;
  }
  ADD_FAILURE() << "no CredentialError from " << text;
  return CredentialError("none");
}

} // namespace

TEST(CredsProfileCommand, shell_syntax_in_the_config_stays_inert) {
  const auto marker =
      std::filesystem::temp_directory_path() / ("awsx-marker-" + std::to_string(::getpid()));
  const auto m = marker.string();
  // What botocore hands to Popen for the same text: shlex words, no shell.
  const auto out = run("printf %s| ok ; touch " + m + " $(touch " + m + ") `touch " + m +
                       "` | tee " + m + " > " + m);
  EXPECT_EQ(out, "ok|;|touch|" + m + "|$(touch|" + m + ")|`touch|" + m + "`|||tee|" + m +
                     "|>|" + m + "|");
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(CredsProfileCommand, a_command_that_cannot_be_split_is_a_config_error_with_its_line) {
  try {
    run("get-creds --name 'unbalanced");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "~/.aws/config:7: credential_process of profile dev can't be split "
                           "into words: No closing quotation");
  }
}

TEST(CredsProfileCommand, the_planner_refuses_it_before_any_call) {
  const auto files = config::build("[profile p]\nregion = eu-west-1\n"
                                   "credential_process = get-creds \"--x\n"
                                   "[profile r]\nrole_arn = arn:aws:iam::1:role/r\n"
                                   "source_profile = s\nmfa_process = totp 'x\n"
                                   "[profile s]\naws_access_key_id = AKIAEXAMPLE123456\n"
                                   "aws_secret_access_key = s\n",
                                   "/home/u/.aws/config", "", "/creds");
  const util::MapEnvironment env;
  for (const auto& [profile, expected] :
       {std::pair{"p", "/home/u/.aws/config:3: credential_process of profile p can't be split"},
        std::pair{"r", "/home/u/.aws/config:7: mfa_process of profile r can't be split"}}) {
    try {
      creds::make_plan(files, env, {.profile = profile});
      FAIL() << profile;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_EQ(e.code(), ExitCode::config);
    }
  }
}

TEST(CredsProfileCommand, an_assignment_in_front_is_a_program_name_and_its_value_is_hidden) {
  const auto e = error_running("VAULT_TOKEN=s3cr3t-token awsx-no-such-helper --json");
  const std::string what = e.what();
  EXPECT_NE(what.find("`VAULT_TOKEN=...` was not found"), std::string::npos) << what;
  EXPECT_EQ(what.find("s3cr3t"), std::string::npos) << what;
  EXPECT_EQ(e.hint().find("s3cr3t"), std::string::npos) << e.hint();
}

TEST(CredsProfileCommand, a_failure_names_the_program_never_its_arguments) {
  const auto e = error_running("sh -c 'exit 2' --token s3cr3t-token");
  EXPECT_STREQ(e.what(), "profile dev: credential_process `sh` exited with status 2");
  EXPECT_EQ(std::string(e.hint()).find("s3cr3t"), std::string::npos) << e.hint();
}

TEST(CredsProfileCommand, non_interactive_runs_alone_without_stdin_and_is_stopped_in_time) {
  const process::Supervision how{false, std::chrono::seconds(1), true};
  // Its own session, and stdin is /dev/null: cat ends at once instead of reading ours.
  EXPECT_EQ(
      run("sh -c 'cat; read -r p c s pp pg sid r < /proc/$$/stat; [ $sid = $$ ] && echo own'",
          how),
      "own\n");
  const auto started = std::chrono::steady_clock::now();
  const auto e = error_running("sleep 30", how);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  EXPECT_STREQ(e.what(), "profile dev: credential_process `sleep` did not finish within 1s; "
                         "awsx stopped it and everything it started");
  EXPECT_NE(e.hint().find("AWSX_PROCESS_TIMEOUT"), std::string::npos) << e.hint();
}

TEST(CredsProfileCommand, the_helper_gets_exactly_the_environment_of_its_supervision) {
  // Not awsx's own: this test process has HOME, the helper must not see it.
  ASSERT_NE(::getenv("HOME"), nullptr);
  const util::MapEnvironment env{{"ONLY", "this"}, {"AWSX_FILE_PASSPHRASE", "pw"}};
  EXPECT_EQ(run("sh -c 'echo \"${ONLY-unset} ${AWSX_FILE_PASSPHRASE-unset} ${HOME-unset}\"'",
                process::helper_supervision(true, env)),
            "this unset unset\n");
}
