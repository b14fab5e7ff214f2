#include <gtest/gtest.h>

#include "awsx/creds/mfa.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

TEST(CredsMfa, given_token_wins_and_must_be_six_digits) {
  creds::MfaPrompter good("123456");
  EXPECT_EQ(good.code({"arn:mfa", "p", "echo 999999"}), "123456");
  creds::MfaPrompter bad("12345");
  EXPECT_THROW(bad.code({"arn:mfa", "p", ""}), CredentialError);
}

TEST(CredsMfa, mfa_process_stdout_is_the_code) {
  creds::MfaPrompter prompter("");
  EXPECT_EQ(prompter.code({"arn:mfa", "p", "printf ' 654321\\n'"}), "654321");
}

TEST(CredsMfa, failing_or_garbage_mfa_process_names_the_profile) {
  creds::MfaPrompter prompter("");
  try {
    prompter.code({"arn:mfa", "prod", "sh -c 'exit 3'"});
    FAIL();
  } catch (const CredentialError& e) {
    EXPECT_NE(std::string(e.what()).find("profile prod: mfa_process `sh` exited with status 3"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(prompter.code({"arn:mfa", "prod", "echo not-a-code"}), CredentialError);
}
