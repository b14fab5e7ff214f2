#include <gtest/gtest.h>

#include "cli/handler_fixture.hpp"

namespace awsx::test {
namespace {

constexpr const char* config =
    "[profile base]\nregion = eu-west-1\n"
    "[profile direct]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = base\n"
    "duration_seconds = 43200\n"
    "[profile chained]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = direct\n"
    "[profile short]\nrole_arn = arn:aws:iam::1:role/s\nsource_profile = base\n"
    "mfa_serial = arn:aws:iam::1:mfa/me\n";
constexpr const char* keys = "[base]\naws_access_key_id = AKIABASEBASEBASEBASE\n"
                             "aws_secret_access_key = base-secret\n";

class CmdDoctorLogin : public HandlerTest {
protected:
  // The "awsx login:" line of doctor's text for `profile` (none: the ambient credentials).
  std::string login_line(const std::string& profile) {
    std::vector<std::string> args{"doctor"};
    if (!profile.empty())
      args.push_back(profile);
    const auto out = awsx(args).out;
    const auto at = out.find("awsx login:   ");
    return at == std::string::npos ? "" : out.substr(at + 14, out.find('\n', at) - at - 14);
  }
};

// doctor says what `awsx login` would send, by the rule login itself follows.
TEST_F(CmdDoctorLogin, says_what_login_would_send_for_each_kind_of_session) {
  files(config, keys);
  EXPECT_EQ(login_line("base"),
            "a GetFederationToken session named after the IAM user (allow-all inline policy, "
            "12h or --duration), signed by the long-term keys; no SessionDuration");
  EXPECT_EQ(login_line("direct"),
            "the role session, with SessionDuration = its remaining lifetime (at most 12h), "
            "so the console lasts as long as the session");
  const std::string chained = "the role session, without SessionDuration: the role is chained "
                              "(the federation endpoint refuses it then), so the console "
                              "lasts 1h";
  EXPECT_EQ(login_line("chained"), chained);
  EXPECT_EQ(login_line("short"), chained) << "signed by the MFA session: chained";
  t.env.set("AWS_ACCESS_KEY_ID", "ASIAAMBIENTAMBIENTAM");
  t.env.set("AWS_SECRET_ACCESS_KEY", "s");
  t.env.set("AWS_SESSION_TOKEN", "t");
  files("", "");
  EXPECT_EQ(login_line(""), "the credentials as they are, without SessionDuration");
}

} // namespace
} // namespace awsx::test
