#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/resolver.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "support/fakes.hpp"

using namespace awsx;

namespace {

struct ResolverTest : ::testing::Test {
  config::ConfigFiles files = config::build(
      "[profile step]\nmfa_serial = arn:aws:iam::1:mfa/alice\nregion = eu-west-1\n"
      "[profile prod]\nrole_arn = arn:aws:iam::2:role/admin\nsource_profile = step\n"
      "duration_seconds = 43200\n",
      "/cfg", "[step]\naws_access_key_id = AKIASTEP\naws_secret_access_key = s\n", "/creds");
  util::MapEnvironment env = {{"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000"}};
  util::FixedClock clock{std::chrono::system_clock::from_time_t(1767323045)};
  test::FakeTransport transport;
  test::FakeMfa mfa;
  std::vector<std::string> warnings;
  creds::ResolverServices services{transport, clock, env, &files, mfa,
                                   [this](const std::string& w) { warnings.push_back(w); }};

  creds::Session fetch(const creds::CredentialOptions& options) {
    return creds::fetch_session(creds::make_plan(files, env, options), services);
  }
};

} // namespace

TEST_F(ResolverTest, one_assume_role_with_mfa_and_the_step_key) {
  transport.answer(200, test::sts_credentials_xml("AssumeRole", "ASIAPROD"));
  const auto session = fetch({.profile = "prod"});
  ASSERT_EQ(transport.requests.size(), 1u);
  const auto& body = transport.requests[0].body;
  EXPECT_NE(body.find("Action=AssumeRole&"), std::string::npos);
  EXPECT_NE(body.find("DurationSeconds=43200"), std::string::npos);
  EXPECT_NE(body.find("SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Falice&TokenCode=123456"),
            std::string::npos);
  EXPECT_NE(transport.requests[0].header("Authorization").find("Credential=AKIASTEP/"),
            std::string::npos);
  ASSERT_EQ(mfa.asked.size(), 1u);
  EXPECT_EQ(mfa.asked[0].profile, "prod");
  EXPECT_EQ(session.credentials.access_key_id, "ASIAPROD");
  EXPECT_EQ(session.region, "eu-west-1");
  EXPECT_EQ(session.profile, "prod");
}

TEST_F(ResolverTest, plain_keys_profile_gets_a_session_token_with_mfa) {
  transport.answer(200, test::sts_credentials_xml("GetSessionToken", "ASIASTEP"));
  const auto session = fetch({.profile = "step"});
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_NE(transport.requests[0].body.find("Action=GetSessionToken&"), std::string::npos);
  EXPECT_NE(transport.requests[0].body.find("DurationSeconds=43200"), std::string::npos);
  EXPECT_EQ(session.credentials.access_key_id, "ASIASTEP");
}

TEST_F(ResolverTest, no_session_hands_over_keys_without_any_call) {
  const auto session = fetch({.profile = "step", .no_session = true});
  EXPECT_TRUE(transport.requests.empty());
  EXPECT_EQ(session.credentials.access_key_id, "AKIASTEP");
}

TEST_F(ResolverTest, sts_error_keeps_code_and_adds_a_hint_naming_the_signer) {
  transport.answer(403, test::sts_error_xml("SignatureDoesNotMatch", "bad signature"));
  try {
    fetch({.profile = "prod"});
    FAIL();
  } catch (const ServiceError& e) {
    EXPECT_STREQ(e.what(), "sts AssumeRole: SignatureDoesNotMatch: bad signature");
    EXPECT_NE(e.hint().find("profile step"), std::string::npos) << e.hint();
    EXPECT_EQ(e.code(), ExitCode::sts);
  }
}

TEST_F(ResolverTest, mfa_failure_stops_before_any_call) {
  test::FakeMfa no_code("");
  creds::ResolverServices s{transport, clock, env, &files, no_code, {}};
  EXPECT_THROW(creds::fetch_session(creds::make_plan(files, env, {.profile = "prod"}), s),
               CredentialError);
  EXPECT_TRUE(transport.requests.empty());
}
