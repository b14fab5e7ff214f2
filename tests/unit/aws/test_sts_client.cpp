#include <gtest/gtest.h>

#include "awsx/aws/sts_client.hpp"
#include "awsx/util/error.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;

namespace {

aws::ServiceEndpoint local_endpoint() {
  return {*aws::parse_url("http://127.0.0.1:5000"), "eu-west-1", "test"};
}

struct StsClientTest : ::testing::Test {
  FakeTransport transport;
  util::FixedClock clock{std::chrono::system_clock::from_time_t(1767323045)};
  std::vector<std::chrono::milliseconds> sleeps;
  aws::StsClient sts{transport, clock, local_endpoint(),
                     aws::RetryPolicy{3, std::chrono::milliseconds(100),
                                      std::chrono::milliseconds(1000),
                                      [this](std::chrono::milliseconds d) { sleeps.push_back(d); }}};
  aws::Credentials keys{"AKIAEXAMPLE", "secret", "", {}};
};

} // namespace

TEST_F(StsClientTest, assume_role_sends_mfa_and_duration_signed_by_the_caller) {
  transport.answer(200, test::sts_credentials_xml("AssumeRole", "ASIAROLE"));
  const auto creds = sts.assume_role(
      keys, {"arn:aws:iam::1:role/r", "me", "", "arn:aws:iam::1:mfa/u", "123456", 43200});
  ASSERT_EQ(transport.requests.size(), 1u);
  const auto& request = transport.requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr"
            "&RoleSessionName=me&DurationSeconds=43200"
            "&SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fu&TokenCode=123456");
  EXPECT_NE(request.header("Authorization")
                .find("Credential=AKIAEXAMPLE/20260102/eu-west-1/sts/aws4_request"),
            std::string::npos);
  EXPECT_EQ(request.header("Host"), "127.0.0.1:5000");
  EXPECT_EQ(creds.access_key_id, "ASIAROLE");
  EXPECT_EQ(creds.session_token, "token-ASIAROLE");
  ASSERT_TRUE(creds.expiration);
}

TEST_F(StsClientTest, service_error_carries_code_and_message) {
  transport.answer(403, test::sts_error_xml("SignatureDoesNotMatch", "The request signature we calculated does not match"));
  try {
    sts.get_caller_identity(keys);
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.service_code(), "SignatureDoesNotMatch");
    EXPECT_STREQ(e.what(), "sts GetCallerIdentity: SignatureDoesNotMatch: The request signature "
                           "we calculated does not match");
  }
  EXPECT_EQ(transport.requests.size(), 1u) << "a client error must not be retried";
}

TEST_F(StsClientTest, throttling_and_5xx_are_retried_with_backoff) {
  transport.answer(400, test::sts_error_xml("Throttling", "Rate exceeded"));
  transport.answer(503, "<html>busy</html>");
  transport.answer(200, test::sts_credentials_xml("GetSessionToken", "ASIASESSION"));
  const auto creds = sts.get_session_token(keys, {"", "", 43200});
  EXPECT_EQ(creds.access_key_id, "ASIASESSION");
  EXPECT_EQ(transport.requests.size(), 3u);
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_LE(sleeps[0].count(), 200);
  EXPECT_LE(sleeps[1].count(), 400);
}

TEST_F(StsClientTest, gives_up_after_three_attempts_with_a_network_error) {
  transport.answer(0, "");
  transport.answer(0, "");
  transport.answer(0, "");
  EXPECT_THROW(sts.get_caller_identity(keys), NetworkError);
  EXPECT_EQ(transport.requests.size(), 3u);
}

TEST_F(StsClientTest, html_instead_of_xml_is_a_clear_network_error) {
  transport.answer(200, "<!DOCTYPE html><html><body>captive portal</body></html>");
  try {
    sts.assume_role(keys, {"arn:aws:iam::1:role/r", "me", "", "", "", 3600});
    FAIL() << "expected NetworkError";
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("HTML page"), std::string::npos) << e.what();
  }
}

TEST_F(StsClientTest, session_credentials_sign_with_a_security_token) {
  transport.answer(200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::1:assumed-role/r/me</Arn><UserId>AROA:me</UserId><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
  const auto id = sts.get_caller_identity({"ASIAX", "s", "tok", {}});
  EXPECT_EQ(id.arn, "arn:aws:sts::1:assumed-role/r/me");
  EXPECT_EQ(id.account, "1");
  EXPECT_EQ(transport.requests[0].header("X-Amz-Security-Token"), "tok");
}

TEST_F(StsClientTest, messages_name_the_caller_and_keep_the_transport_hint) {
  sts.on_behalf_of("profile prod");
  transport.fail_with(std::make_shared<NetworkError>("connection refused by http://x", "is it up?"), 3);
  try {
    sts.get_caller_identity(keys);
    FAIL() << "expected NetworkError";
  } catch (const NetworkError& e) {
    EXPECT_STREQ(e.what(), "sts GetCallerIdentity for profile prod: connection refused by "
                           "http://x (after 3 attempts)");
    EXPECT_EQ(e.hint(), "is it up?");
  }
}

TEST_F(StsClientTest, permanent_network_errors_are_not_retried) {
  transport.fail_with(std::make_shared<aws::PermanentNetworkError>("TLS certificate verify failed"), 1);
  EXPECT_THROW(sts.get_caller_identity(keys), aws::PermanentNetworkError);
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(StsClientTest, service_text_is_one_line_and_never_shows_what_the_request_carried) {
  // An endpoint that echoes the request: the MFA code, the caller's session token.
  const aws::Credentials session{"ASIAX", "the-secret", "the-session-token", {}};
  transport.answer(400, test::sts_error_xml("InvalidParameterValue",
                                            "got TokenCode=123456 and the-session-token\n"
                                            "for account 123456789012\tand the-secret"));
  try {
    sts.assume_role(session, {"arn:aws:iam::1:role/r", "me", "", "arn:aws:iam::1:mfa/u",
                              "123456", {}});
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    // A short secret counts only as a whole word, so the account id stays readable.
    EXPECT_STREQ(e.what(), "sts AssumeRole: InvalidParameterValue: got TokenCode=*** and *** "
                           "for account 123456789012 and ***");
  }
}

TEST_F(StsClientTest, long_service_messages_are_cut) {
  transport.answer(403, test::sts_error_xml("AccessDenied", std::string(5000, 'x')));
  try {
    sts.get_caller_identity(keys);
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_LT(std::string(e.what()).size(), 500u);
    EXPECT_TRUE(std::string(e.what()).ends_with("..."));
  }
}

TEST_F(StsClientTest, requests_carry_an_unsigned_awsx_user_agent) {
  transport.answer(200, test::sts_credentials_xml("GetSessionToken", "ASIASESSION"));
  sts.get_session_token(keys, {"", "", 43200});
  ASSERT_EQ(transport.requests.size(), 1u);
  const auto& request = transport.requests[0];
  EXPECT_EQ(request.header("User-Agent"), aws::user_agent());
  EXPECT_TRUE(aws::user_agent().starts_with("awsx/"));
  EXPECT_EQ(request.header("Authorization").find("user-agent"), std::string::npos)
      << "a proxy may rewrite the User-Agent, so botocore never signs it";
}

TEST_F(StsClientTest, get_federation_token_sends_name_policy_and_duration) {
  transport.answer(200, test::sts_credentials_xml("GetFederationToken", "ASIAFED"));
  const auto creds = sts.get_federation_token(keys, {"alice", R"({"Version":"2012-10-17"})", 900});
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(transport.requests[0].body,
            "Action=GetFederationToken&Version=2011-06-15&Name=alice"
            "&Policy=%7B%22Version%22%3A%222012-10-17%22%7D&DurationSeconds=900");
  EXPECT_EQ(creds.access_key_id, "ASIAFED");
  EXPECT_EQ(creds.session_token, "token-ASIAFED");
}
