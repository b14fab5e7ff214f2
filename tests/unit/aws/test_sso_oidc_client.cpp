#include <gtest/gtest.h>

#include "awsx/aws/sso_oidc_client.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;

namespace {

constexpr const char* refresh_token = "Atzr|SECRETREFRESHTOKEN";
constexpr const char* client_secret = "SECRETCLIENTSECRET";

struct SsoOidcClientTest : ::testing::Test {
  FakeTransport transport;
  util::MapEnvironment env{{"AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:4568/prefix/"}};
  aws::RetryPolicy retry = [] {
    auto policy = aws::sso_retry_policy();
    policy.sleep = [](std::chrono::milliseconds) {};
    return policy;
  }();

  aws::RefreshedSsoToken call() {
    return aws::refresh_sso_token(transport, env, "eu-west-1",
                                  {"client-id", client_secret, refresh_token},
                                  "sso-session corp", retry);
  }

  // The ServiceError or NetworkError message of a failing call, checked to hold no secret.
  template <typename E> std::string failure() {
    try {
      call();
    } catch (const E& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find(refresh_token), std::string::npos) << what;
      EXPECT_EQ(what.find(client_secret), std::string::npos) << what;
      return what;
    }
    ADD_FAILURE() << "expected an error";
    return {};
  }
};

} // namespace

TEST_F(SsoOidcClientTest, request_is_an_unsigned_json_post_of_the_refresh_grant) {
  transport.answer(200, R"({"accessToken":"new","expiresIn":28800,"tokenType":"Bearer"})");
  call();
  ASSERT_EQ(transport.requests.size(), 1u);
  const auto& request = transport.requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.scheme, "http");
  EXPECT_EQ(request.host, "127.0.0.1");
  EXPECT_EQ(request.port, 4568);
  EXPECT_EQ(request.path, "/prefix/token");
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  EXPECT_EQ(request.header("Authorization"), "") << "CreateToken is unsigned";
  const auto body = util::FlatObject::parse_lenient(request.body);
  ASSERT_TRUE(body) << request.body;
  EXPECT_EQ(body->string("clientId"), "client-id");
  EXPECT_EQ(body->string("clientSecret"), client_secret);
  EXPECT_EQ(body->string("grantType"), "refresh_token");
  EXPECT_EQ(body->string("refreshToken"), refresh_token);
}

TEST_F(SsoOidcClientTest, default_endpoint_is_regional_and_ignores_the_portal_override) {
  env = util::MapEnvironment{{"AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:1"}};
  transport.answer(200, R"({"accessToken":"new","expiresIn":60})");
  call();
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(transport.requests[0].scheme, "https");
  EXPECT_EQ(transport.requests[0].host, "oidc.eu-west-1.amazonaws.com");
  EXPECT_EQ(transport.requests[0].path, "/token");
}

TEST_F(SsoOidcClientTest, malformed_override_is_a_config_error_naming_the_variable) {
  env = util::MapEnvironment{{"AWS_ENDPOINT_URL_SSO_OIDC", "ftp://x?token=abc"}};
  try {
    call();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("AWS_ENDPOINT_URL_SSO_OIDC"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("abc"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(SsoOidcClientTest, answer_gives_the_token_its_lifetime_and_a_rotated_refresh_token) {
  transport.answer(200, R"({"accessToken":"new","expiresIn":28800,"refreshToken":"r2"})");
  const auto token = call();
  EXPECT_EQ(token.access_token, "new");
  EXPECT_EQ(token.expires_in, std::chrono::seconds(28800));
  EXPECT_EQ(token.refresh_token, "r2");
  transport.answer(200, R"({"accessToken":"new","expiresIn":3600})");
  EXPECT_FALSE(call().refresh_token);
}

TEST_F(SsoOidcClientTest, invalid_grant_is_a_service_error_with_its_code_and_no_secret) {
  transport.responses.push_back(
      {400,
       {{"x-amzn-errortype", "InvalidGrantException:http://internal.amazon.com/coral/x/"}},
       R"({"error":"invalid_grant","error_description":"Invalid refresh token provided"})"});
  const auto what = failure<ServiceError>();
  EXPECT_EQ(what, "sso-oidc CreateToken for sso-session corp: InvalidGrantException: "
                  "Invalid refresh token provided");
  EXPECT_EQ(transport.requests.size(), 1u) << "a rejected grant is not retried";
}

TEST_F(SsoOidcClientTest, an_error_that_echoes_the_grant_shows_neither_secret) {
  transport.responses.push_back({400,
                                 {{"x-amzn-errortype", "InvalidClientException"}},
                                 std::string(R"({"error_description":"bad client )") +
                                     client_secret + " for " + refresh_token +
                                     "\\n\\u001b[31mred\"}"});
  const auto what = failure<ServiceError>();
  EXPECT_NE(what.find("InvalidClientException: bad client *** for ***"), std::string::npos)
      << what;
  EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  EXPECT_EQ(what.find('\x1b'), std::string::npos) << what;
}

TEST_F(SsoOidcClientTest, server_errors_are_retried) {
  transport.answer(500, R"({"__type":"InternalServerException","message":"oops"})");
  transport.answer(200, R"({"accessToken":"new","expiresIn":60})");
  EXPECT_EQ(call().access_token, "new");
  EXPECT_EQ(transport.requests.size(), 2u);
}

TEST_F(SsoOidcClientTest, unreadable_answers_are_network_errors) {
  transport.answer(200, "<html>");
  EXPECT_NE(failure<NetworkError>().find("not a JSON object"), std::string::npos);
  transport.answer(200, R"({"expiresIn":60})");
  EXPECT_NE(failure<NetworkError>().find("no accessToken"), std::string::npos);
  transport.answer(200, R"({"accessToken":"new","expiresIn":0})");
  EXPECT_NE(failure<NetworkError>().find("no positive integer expiresIn"), std::string::npos);
  transport.answer(403, "denied");
  EXPECT_NE(failure<NetworkError>().find("AWS_ENDPOINT_URL_SSO_OIDC"), std::string::npos);
}
