#include <gtest/gtest.h>

#include "awsx/aws/sso_client.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;

namespace {

constexpr const char* token = "aoaAAAAAGSECRETBEARERTOKEN";
constexpr const char* success_body =
    R"({"roleCredentials":{"accessKeyId":"ASIASSOEXAMPLE","secretAccessKey":"sso/secret",)"
    R"("sessionToken":"sso-session-token","expiration":1767323045123}})";
constexpr const char* unauthorized_type =
    "UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/";

struct SsoClientTest : ::testing::Test {
  FakeTransport transport;
  util::MapEnvironment env{{"AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:4567"}};
  // The SSO client's own policy, its pauses recorded at their longest instead of slept.
  std::vector<std::chrono::milliseconds> sleeps;
  aws::RetryPolicy retry = [this] {
    auto policy = aws::sso_retry_policy();
    policy.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    policy.jitter = [](long cap) { return cap; };
    return policy;
  }();

  aws::Credentials call(const std::string& role = "AdministratorAccess") {
    return aws::get_role_credentials(transport, env, "eu-west-1", token, "111122223333", role,
                                     "", retry);
  }

  void answer(int status, std::vector<aws::Header> headers, std::string body) {
    transport.responses.push_back({status, std::move(headers), std::move(body)});
  }

  // Asserts that role credentials whose `expiration` (JSON number text) no clock can
  // hold come back expiring at the latest time the clock holds.
  void expect_latest_time_for(const char* expiration) {
    const auto latest = std::chrono::floor<std::chrono::seconds>(util::TimePoint::max());
    transport.answer(200, std::string(R"({"roleCredentials":{"accessKeyId":"A",)") +
                              R"("secretAccessKey":"S","sessionToken":"T","expiration":)" +
                              expiration + "}}");
    const auto creds = call();
    ASSERT_TRUE(creds.expiration) << expiration;
    EXPECT_EQ(*creds.expiration, latest) << expiration;
  }
};

} // namespace

TEST_F(SsoClientTest, request_is_a_get_with_encoded_query_and_bearer_header) {
  transport.answer(200, success_body);
  call("Power+User@team=a,b");
  ASSERT_EQ(transport.requests.size(), 1u);
  const auto& request = transport.requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.scheme, "http");
  EXPECT_EQ(request.host, "127.0.0.1");
  EXPECT_EQ(request.port, 4567);
  EXPECT_EQ(request.path, "/federation/credentials");
  EXPECT_EQ(request.query, "account_id=111122223333&role_name=Power%2BUser%40team%3Da%2Cb");
  EXPECT_EQ(request.header("x-amz-sso_bearer_token"), token);
  EXPECT_EQ(request.header("Authorization"), "") << "the portal call is unsigned";
  EXPECT_EQ(request.header("User-Agent"), aws::user_agent());
  EXPECT_TRUE(request.body.empty());
}

TEST_F(SsoClientTest, default_endpoint_is_the_regional_portal) {
  env = util::MapEnvironment{};
  transport.answer(200, success_body);
  call();
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(transport.requests[0].scheme, "https");
  EXPECT_EQ(transport.requests[0].host, "portal.sso.eu-west-1.amazonaws.com");
  EXPECT_EQ(transport.requests[0].port, 443);
}

TEST_F(SsoClientTest, china_regions_use_the_china_partition) {
  env = util::MapEnvironment{};
  transport.answer(200, success_body);
  aws::get_role_credentials(transport, env, "cn-north-1", token, "1", "r");
  EXPECT_EQ(transport.requests.at(0).host, "portal.sso.cn-north-1.amazonaws.com.cn");
}

TEST_F(SsoClientTest, endpoint_path_prefix_is_kept) {
  env.set("AWS_ENDPOINT_URL_SSO", "http://localhost:9000/proxy/sso/");
  transport.answer(200, success_body);
  call();
  EXPECT_EQ(transport.requests.at(0).path, "/proxy/sso/federation/credentials");
}

TEST_F(SsoClientTest, ignore_configured_endpoint_urls_skips_the_override) {
  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  transport.answer(200, success_body);
  call();
  EXPECT_EQ(transport.requests.at(0).host, "portal.sso.eu-west-1.amazonaws.com");
}

TEST_F(SsoClientTest, malformed_endpoint_is_a_config_error_before_any_request) {
  env.set("AWS_ENDPOINT_URL_SSO", "localhost:4567");
  EXPECT_THROW(call(), ConfigError);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(SsoClientTest, region_that_would_change_the_host_is_rejected) {
  env = util::MapEnvironment{};
  EXPECT_THROW(aws::get_role_credentials(transport, env, "x.evil.example/", token, "1", "r"),
               ConfigError);
  EXPECT_THROW(aws::get_role_credentials(transport, env, "", token, "1", "r"), ConfigError);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(SsoClientTest, success_returns_temporary_credentials_with_millisecond_expiry) {
  transport.answer(200, success_body);
  const auto creds = call();
  EXPECT_EQ(creds.access_key_id, "ASIASSOEXAMPLE");
  EXPECT_EQ(creds.secret_access_key, "sso/secret");
  EXPECT_EQ(creds.session_token, "sso-session-token");
  EXPECT_TRUE(creds.temporary());
  ASSERT_TRUE(creds.expiration);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
      creds.expiration->time_since_epoch());
  EXPECT_EQ(millis.count(), 1767323045123);
}

// Year 9999 in milliseconds, a number past INT64_MAX and a fraction: none may overflow.
TEST_F(SsoClientTest, an_expiry_past_2262_is_the_latest_time_the_clock_holds) {
  for (const char* expiration : {"253402300799000", "18446744073709551615", "1e300"})
    expect_latest_time_for(expiration);
  transport.answer(200, R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"S",)"
                        R"("sessionToken":"T","expiration":1767323045123.9}})");
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(
                call().expiration->time_since_epoch())
                .count(),
            1767323045123);
  transport.answer(200, R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"S",)"
                        R"("sessionToken":"T","expiration":-1e300}})");
  EXPECT_THROW(call(), NetworkError);
}

// Poco could not read 1e400 or an integer past UINT64_MAX: "not a JSON object".
TEST_F(SsoClientTest, an_expiry_past_any_machine_number_is_the_latest_time_too) {
  for (const char* expiration : {"1e400", "99999999999999999999"})
    expect_latest_time_for(expiration);
}

TEST_F(SsoClientTest, unauthorized_is_a_service_error_with_the_code_and_no_token) {
  answer(401, {{"x-amzn-errortype", unauthorized_type}},
         R"({"message":"Session token not found or invalid"})");
  try {
    call();
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.service_code(), "UnauthorizedException");
    EXPECT_STREQ(
        e.what(),
        "sso GetRoleCredentials: UnauthorizedException: Session token not found or invalid");
    EXPECT_EQ(e.code(), ExitCode::sts);
    EXPECT_NE(e.hint().find("aws sso login"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find(token), std::string::npos);
    EXPECT_EQ(e.hint().find(token), std::string::npos);
  }
  EXPECT_EQ(transport.requests.size(), 1u) << "a client error must not be retried";
}

TEST_F(SsoClientTest, forbidden_names_the_account_and_role_in_the_hint) {
  answer(403, {{"x-amzn-errortype", "ForbiddenException:http://internal.amazon.com/coral/x/"}},
         R"({"message":"No access"})");
  try {
    call();
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.service_code(), "ForbiddenException");
    EXPECT_STREQ(e.what(), "sso GetRoleCredentials: ForbiddenException: No access");
    EXPECT_NE(e.hint().find("111122223333"), std::string::npos);
    EXPECT_NE(e.hint().find("AdministratorAccess"), std::string::npos);
  }
}

TEST_F(SsoClientTest, error_code_may_come_from_the_body) {
  transport.answer(400, R"({"__type":"com.amazonaws.switchboard#InvalidRequestException",)"
                        R"("Message":"bad account"})");
  try {
    call();
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.service_code(), "InvalidRequestException");
    EXPECT_STREQ(e.what(), "sso GetRoleCredentials: InvalidRequestException: bad account");
  }
}

TEST_F(SsoClientTest, server_error_is_retried_then_succeeds) {
  transport.answer(500, R"({"message":"internal"})");
  transport.answer(200, success_body);
  const auto creds = call();
  EXPECT_EQ(creds.access_key_id, "ASIASSOEXAMPLE");
  EXPECT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(sleeps, std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(200)});
}

TEST_F(SsoClientTest, connection_failure_is_retried_then_succeeds) {
  transport.answer(0, "");
  transport.answer(200, success_body);
  EXPECT_EQ(call().access_key_id, "ASIASSOEXAMPLE");
  EXPECT_EQ(transport.requests.size(), 2u);
}

TEST_F(SsoClientTest, throttling_gives_up_after_three_attempts) {
  for (int i = 0; i < 3; ++i)
    answer(429, {{"x-amzn-errortype", "TooManyRequestsException:"}},
           R"({"message":"slow down"})");
  try {
    call();
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.service_code(), "TooManyRequestsException");
    EXPECT_STREQ(e.what(), "sso GetRoleCredentials: TooManyRequestsException: slow down (after "
                           "3 attempts)");
  }
  EXPECT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(sleeps, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(200),
                                                            std::chrono::milliseconds(400)}));
}

// The portal names throttling in its error type whatever the status, as STS does: both
// clients retry by the same rule.
TEST_F(SsoClientTest, throttling_code_with_a_4xx_status_is_retried) {
  answer(400, {{"x-amzn-errortype", "ThrottlingException:http://internal.amazon.com/coral/x/"}},
         R"({"message":"Rate exceeded"})");
  transport.answer(200, success_body);
  EXPECT_EQ(call().access_key_id, "ASIASSOEXAMPLE");
  EXPECT_EQ(transport.requests.size(), 2u);
}

TEST_F(SsoClientTest, permanent_network_error_is_not_retried) {
  transport.fail_with(std::make_shared<aws::PermanentNetworkError>(
                          "TLS certificate verify failed for https://127.0.0.1:4567", "set it"),
                      3);
  try {
    call();
    FAIL() << "expected PermanentNetworkError";
  } catch (const aws::PermanentNetworkError& e) {
    EXPECT_STREQ(e.what(), "sso GetRoleCredentials: TLS certificate verify failed for "
                           "https://127.0.0.1:4567");
    EXPECT_EQ(e.hint(), "set it");
  }
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST_F(SsoClientTest, connection_failures_end_in_a_network_error) {
  for (int i = 0; i < 3; ++i)
    transport.answer(0, "");
  try {
    call();
    FAIL() << "expected NetworkError";
  } catch (const NetworkError& e) {
    EXPECT_STREQ(
        e.what(),
        "sso GetRoleCredentials: fake transport: connection refused (after 3 attempts)");
  }
  EXPECT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(sleeps.size(), 2u);
}

TEST_F(SsoClientTest, garbage_success_body_is_a_network_error) {
  transport.answer(200, "<html>captive portal</html>");
  EXPECT_THROW(call(), NetworkError);
  transport.answer(200, R"({"roleCredentials":"nope"})");
  EXPECT_THROW(call(), NetworkError);
  transport.answer(200, R"([1, 2])");
  EXPECT_THROW(call(), NetworkError);
  EXPECT_EQ(transport.requests.size(), 3u) << "a readable HTTP 200 is not retried";
}

TEST_F(SsoClientTest, missing_fields_are_a_network_error_naming_the_field) {
  transport.answer(200, R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"S",)"
                        R"("sessionToken":"T"}})");
  try {
    call();
    FAIL() << "expected NetworkError";
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("expiration"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find(token), std::string::npos);
  }
  transport.answer(200, R"({"roleCredentials":{"accessKeyId":"A","sessionToken":"T",)"
                        R"("expiration":1}})");
  try {
    call();
    FAIL() << "expected NetworkError";
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("secretAccessKey"), std::string::npos) << e.what();
  }
}

TEST_F(SsoClientTest, error_without_an_error_document_is_a_network_error) {
  for (int i = 0; i < 3; ++i)
    transport.answer(502, "<html>Bad Gateway</html>");
  try {
    call();
    FAIL() << "expected NetworkError";
  } catch (const NetworkError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("HTTP 502"), std::string::npos) << what;
    EXPECT_NE(what.find("AWS_ENDPOINT_URL_SSO"), std::string::npos) << what;
    EXPECT_EQ(what.find(token), std::string::npos);
  }
  EXPECT_EQ(transport.requests.size(), 3u);
}
