#include <gtest/gtest.h>

#include "awsx/cli/use_script.hpp"
#include "awsx/exec/child_env.hpp"
#include "awsx/util/time.hpp"

using namespace awsx;
using namespace awsx::cli;

namespace {

creds::Session role_session() {
  creds::Session s;
  s.credentials.access_key_id = "ASIAEXAMPLE";
  s.credentials.secret_access_key = "se'cret";
  s.credentials.session_token = "tok/en+=";
  s.credentials.expiration = util::parse_iso8601("2026-01-02T03:04:05Z");
  s.region = "eu-central-1";
  s.profile = "prod";
  return s;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

} // namespace

TEST(CliUseScript, bash_exports_the_session_and_unsets_the_rest) {
  const util::MapEnvironment env;
  const auto out = use_script("bash", role_session(), {"prod", "--duration", "43200"}, env);
  EXPECT_EQ(out.rfind(std::string(use_script_marker) + " --shell bash\n", 0), 0u) << out;
  EXPECT_TRUE(has_line(out, "\\builtin export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'")) << out;
  EXPECT_TRUE(has_line(out, "\\builtin export AWS_SECRET_ACCESS_KEY='se'\\''cret'")) << out;
  EXPECT_TRUE(has_line(out, "\\builtin export AWS_SESSION_TOKEN='tok/en+='")) << out;
  EXPECT_TRUE(
      has_line(out, "\\builtin export AWS_CREDENTIAL_EXPIRATION='2026-01-02T03:04:05+00:00'"));
  EXPECT_TRUE(has_line(out, "\\builtin export AWS_REGION='eu-central-1'"));
  EXPECT_TRUE(has_line(out, "\\builtin export AWS_DEFAULT_REGION='eu-central-1'"));
  EXPECT_TRUE(has_line(out, "\\builtin export AWSX_PROFILE='prod'"));
  EXPECT_TRUE(has_line(out, "__awsx_set=(AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY "
                            "AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION "
                            "AWS_DEFAULT_REGION AWSX_PROFILE)"))
      << out;
  EXPECT_TRUE(has_line(out, "__awsx_args=(prod --duration 43200)")) << out;
  const auto unset_line = out.substr(out.find("\n\\builtin unset ") + 1);
  for (const char* name : exec::cleared_variables()) {
    const bool set_again = out.find(std::string("export ") + name + "=") != std::string::npos;
    EXPECT_NE(set_again, unset_line.find(std::string(" ") + name) < unset_line.find('\n'))
        << name;
  }
}

TEST(CliUseScript, zsh_declares_its_arrays_global) {
  const auto out = use_script("zsh", role_session(), {"prod"}, util::MapEnvironment{});
  EXPECT_TRUE(has_line(out, "\\builtin typeset -ga __awsx_args\n__awsx_args=(prod)")) << out;
}

TEST(CliUseScript, fish_sets_globals_and_hides_universal_variables) {
  auto session = role_session();
  session.credentials.secret_access_key = "a'b\\c\nd";
  const auto out = use_script("fish", session, {}, util::MapEnvironment{});
  EXPECT_EQ(out.rfind(std::string(use_script_marker) + " --shell fish\n", 0), 0u);
  EXPECT_TRUE(has_line(out, "set -g -x AWS_SECRET_ACCESS_KEY 'a\\'b\\\\c'\\n'd'")) << out;
  EXPECT_TRUE(has_line(out, "set -e -g AWS_PROFILE; set -q -U AWS_PROFILE; and set -g -u "
                            "AWS_PROFILE"))
      << out;
  EXPECT_TRUE(has_line(out, "set -e -g __awsx_args")) << out;
}

TEST(CliUseScript, a_region_the_shell_has_already_is_left_alone) {
  const util::MapEnvironment env{{"AWS_REGION", "eu-central-1"}, {"AWS_DEFAULT_REGION", "x"}};
  const auto out = use_script("bash", role_session(), {}, env);
  EXPECT_EQ(out.find("export AWS_REGION="), std::string::npos) << out;
  EXPECT_TRUE(has_line(out, "\\builtin export AWS_DEFAULT_REGION='eu-central-1'")) << out;
  EXPECT_NE(out.find("AWS_CREDENTIAL_EXPIRATION AWS_DEFAULT_REGION AWSX_PROFILE)"),
            std::string::npos)
      << out;
  EXPECT_TRUE(has_line(out, "\\builtin unset __awsx_args")) << out;
}

TEST(CliUseScript, renewal_repeats_the_request_without_the_one_time_code) {
  creds::CredentialOptions options;
  options.profile = "ignored-the-session-names-it";
  options.mfa_token = "123456";
  options.duration = std::chrono::seconds(5400);
  options.region = "us-west-2";
  options.role_arn = "arn:aws:iam::1:role/x";
  options.session_name = "me";
  options.external_id = "ext";
  options.no_cache = true;
  options.no_prompt = true;
  EXPECT_EQ(renewal_arguments(options, role_session()),
            (std::vector<std::string>{"prod", "--duration", "5400", "--region", "us-west-2",
                                      "--role-arn", "arn:aws:iam::1:role/x", "--session-name",
                                      "me", "--external-id", "ext", "--no-cache"}));
}

TEST(CliUseScript, ambient_sessions_cannot_be_renewed) {
  auto session = role_session();
  session.profile.clear();
  EXPECT_TRUE(renewal_arguments({}, session).empty());
  EXPECT_EQ(use_script("bash", session, {}, util::MapEnvironment{}).find("AWSX_PROFILE="),
            std::string::npos);
}

TEST(CliUseScript, unset_hands_the_hook_every_variable_use_may_set) {
  EXPECT_EQ(unset_script("zsh"), "# awsx use --shell zsh\n__awsx_unset AWS_ACCESS_KEY_ID "
                                 "AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN "
                                 "AWS_CREDENTIAL_EXPIRATION AWSX_PROFILE\n");
}
