#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

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
  test::FakeSources sources;
  std::vector<std::string> warnings;
  creds::ResolverServices services{transport, clock, env, &files, mfa, sources,
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
  ASSERT_EQ(mfa.used.size(), 1u); // told after STS accepted it, so the code counts as used
  EXPECT_EQ(mfa.used[0].serial, "arn:aws:iam::1:mfa/alice");
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
    EXPECT_STREQ(e.what(), "sts AssumeRole for profile prod: SignatureDoesNotMatch: bad signature");
    EXPECT_NE(e.hint().find("profile step"), std::string::npos) << e.hint();
    EXPECT_EQ(e.code(), ExitCode::sts);
  }
}

TEST_F(ResolverTest, a_rejected_mfa_code_gets_its_own_hint) {
  transport.answer(403, test::sts_error_xml("AccessDenied", "MultiFactorAuthentication failed "
                                                            "with invalid MFA one time pass code."));
  try {
    fetch({.profile = "prod"});
    FAIL();
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.service_code(), "AccessDenied");
    EXPECT_NE(e.hint().find("STS rejected the MFA code"), std::string::npos) << e.hint();
  }
  EXPECT_TRUE(mfa.used.empty()) << "a rejected code is not a used one";
}

TEST_F(ResolverTest, mfa_failure_stops_before_any_call) {
  test::FakeMfa no_code("");
  creds::ResolverServices s{transport, clock, env, &files, no_code, sources, {}};
  EXPECT_THROW(creds::fetch_session(creds::make_plan(files, env, {.profile = "prod"}), s),
               CredentialError);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(ResolverTest, web_identity_is_one_unsigned_call_with_the_token) {
  char path[] = "/tmp/awsx-token-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "eyJ.token\n", 10), 10);
  close(fd);
  files = config::build(std::string("[profile w]\nrole_arn = arn:aws:iam::1:role/web\n"
                                    "web_identity_token_file = ") + path + "\n",
                        "/cfg", "", "/creds");
  transport.answer(200, test::sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAWEB"));
  const auto session = fetch({.profile = "w"});
  unlink(path);
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(transport.requests[0].header("Authorization"), "");
  EXPECT_NE(transport.requests[0].body.find("Action=AssumeRoleWithWebIdentity&"), std::string::npos);
  EXPECT_NE(transport.requests[0].body.find("WebIdentityToken=eyJ.token"), std::string::npos);
  EXPECT_EQ(session.credentials.access_key_id, "ASIAWEB");
}

TEST_F(ResolverTest, temporary_process_credentials_cap_the_role_at_runtime) {
  files = config::build("[profile p]\ncredential_process = x\n[profile r]\n"
                        "role_arn = arn:aws:iam::1:role/r\nsource_profile = p\n"
                        "duration_seconds = 43200\n",
                        "/cfg", "", "/creds");
  transport.answer(200, test::sts_credentials_xml("AssumeRole", "ASIAR"));
  fetch({.profile = "r"});
  ASSERT_EQ(sources.kinds.size(), 1u);
  EXPECT_EQ(sources.kinds[0], creds::SourceKind::process);
  EXPECT_NE(transport.requests[0].body.find("DurationSeconds=3600"), std::string::npos);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("role chaining"), std::string::npos);
}
