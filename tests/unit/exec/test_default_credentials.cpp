#include <gtest/gtest.h>

#include "awsx/config/ini.hpp"
#include "awsx/exec/default_credentials.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

namespace {

std::vector<std::string> keys_of(const std::string& text, bool config_file) {
  return exec::default_credential_keys(config::parse_ini(text, "f"), config_file);
}

} // namespace

TEST(ExecDefaultCredentials, removes_only_the_default_profiles_credential_lines) {
  const std::string config = "# mine\n"
                             "[default]\n"
                             "region = eu-west-1\n"
                             "credential_process = /bin/get-keys --profile x\n"
                             "s3 =\n"
                             "  addressing_style = path\n"
                             "[profile default]\n"
                             "role_arn = arn:aws:iam::1:role/r\n"
                             "source_profile = step\n"
                             "output = json\n"
                             "[profile step]\n"
                             "aws_access_key_id = AKIASTEP\n"
                             "credential_process = /bin/other\n";
  EXPECT_EQ(exec::without_default_credentials(config, "config"),
            "# mine\n"
            "[default]\n"
            "region = eu-west-1\n"
            "s3 =\n"
            "  addressing_style = path\n"
            "[profile default]\n"
            "output = json\n"
            "[profile step]\n"
            "aws_access_key_id = AKIASTEP\n"
            "credential_process = /bin/other\n");
}

TEST(ExecDefaultCredentials, continuation_lines_go_with_their_key) {
  // Left behind, "  --flag" would continue `region` and change it.
  const std::string config = "[default]\r\n"
                             "region = eu-west-1\r\n"
                             "credential_process = /bin/get-keys\r\n"
                             "\r\n"
                             "  --flag\r\n"
                             "# note\r\n"
                             "sso_account_id = 1\r\n"
                             "sso_role_name = r\r\n"
                             "sso_session = corp\r\n"
                             "[sso-session corp]\r\n"
                             "sso_region = eu-west-1\r\n";
  const auto out = exec::without_default_credentials(config, "config");
  EXPECT_EQ(out, "[default]\r\nregion = eu-west-1\r\n# note\r\n"
                 "[sso-session corp]\r\nsso_region = eu-west-1\r\n");
  const auto parsed = config::parse_ini(out, "copy");
  EXPECT_EQ(parsed.front().get("region"), "eu-west-1");
}

TEST(ExecDefaultCredentials, inherited_default_section_keys_go_when_default_exists) {
  EXPECT_EQ(exec::without_default_credentials(
                "[DEFAULT]\naws_access_key_id = AKIA\naws_secret_access_key = s\nregion = x\n"
                "[default]\noutput = json\n",
                "config"),
            "[DEFAULT]\nregion = x\n[default]\noutput = json\n");
  // Without a default profile, [DEFAULT] alone defines none: nothing to hide.
  const std::string alone = "[DEFAULT]\naws_access_key_id = AKIA\n[profile a]\nregion = x\n";
  EXPECT_EQ(exec::without_default_credentials(alone, "config"), alone);
  EXPECT_TRUE(keys_of(alone, true).empty());
}

TEST(ExecDefaultCredentials, lists_the_keys_by_file_kind) {
  EXPECT_EQ(keys_of("[default]\naws_secret_access_key = s\naws_access_key_id = a\n", false),
            (std::vector<std::string>{"aws_access_key_id", "aws_secret_access_key"}));
  EXPECT_TRUE(keys_of("[profile default]\nregion = x\n", true).empty());
  EXPECT_EQ(keys_of("[profile default]\nweb_identity_token_file = /t\nrole_arn = r\n", true),
            (std::vector<std::string>{"role_arn", "web_identity_token_file"}));
  // In a credentials file "[profile default]" is a profile named "profile default".
  EXPECT_TRUE(keys_of("[profile default]\naws_access_key_id = a\n", false).empty());
  EXPECT_TRUE(exec::is_credential_key("login_session"));
  EXPECT_FALSE(exec::is_credential_key("region"));
}

TEST(ExecDefaultCredentials, malformed_text_is_a_config_error) {
  EXPECT_THROW(exec::without_default_credentials("[default\nx = 1\n", "config"), ConfigError);
}
