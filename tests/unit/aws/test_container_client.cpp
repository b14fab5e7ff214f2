#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "awsx/aws/container_client.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;

namespace {

constexpr const char* full_uri = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
constexpr const char* token_var = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
constexpr const char* token_file_var = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

const std::string good_body =
    R"({"Type":"","AccessKeyId":"ASIACONTAINER","SecretAccessKey":"s3cr3t/KEY",)"
    R"("Token":"SESSIONTOKEN","Expiration":"2026-11-22T10:40:50Z","Code":"Success",)"
    R"("LastUpdated":"2026-11-22T09:40:50Z"})";

// A file under the temp dir that is removed when the test ends.
struct TempFile {
  explicit TempFile(const std::string& content) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path = (std::filesystem::temp_directory_path() /
            ("awsx-token-" + std::to_string(getpid()) + "-" + info->name()))
               .string();
    write(content);
  }
  ~TempFile() { std::filesystem::remove(path); }
  void write(const std::string& content) const {
    std::ofstream(path, std::ios::binary) << content;
  }
  std::string path;
};

aws::ContainerEndpoint endpoint_for(const util::MapEnvironment& env) {
  auto endpoint = aws::container_endpoint_from(env);
  if (!endpoint)
    throw std::logic_error("expected an endpoint");
  return *endpoint;
}

aws::ContainerEndpoint endpoint_at(const std::string& url) {
  return endpoint_for(util::MapEnvironment{{full_uri, url}, {token_var, "tok-123"}});
}

} // namespace

TEST(ContainerClient, plain_http_goes_to_loopback_and_the_container_agents) {
  for (const char* url :
       {"http://127.0.0.1:8080/creds", "http://127.0.0.2/", "http://localhost:9911/get",
        "http://[::1]:80/", "http://169.254.170.2/v2/credentials/abc",
        "http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/v1/credentials"}) {
    const auto endpoint = endpoint_at(url);
    EXPECT_EQ(endpoint.url, url);
    EXPECT_EQ(endpoint.origin, full_uri);
  }
}

TEST(ContainerClient, plain_http_to_any_other_host_is_refused_by_name) {
  for (const std::string host :
       {"10.0.0.1", "example.com", "169.254.169.254", "fd00:ec2::24"}) {
    const auto url =
        "http://" + (host.find(':') == std::string::npos ? host : "[" + host + "]") + "/creds";
    try {
      endpoint_at(url);
      ADD_FAILURE() << url << " was accepted";
    } catch (const CredentialError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("host " + host + " over plain http"), std::string::npos) << what;
      EXPECT_NE(what.find("169.254.170.2, 169.254.170.23 or fd00:ec2::23"), std::string::npos);
    }
  }
}

TEST(ContainerClient, user_info_cannot_disguise_the_host) {
  EXPECT_THROW(endpoint_at("http://127.0.0.1@example.com/creds"), CredentialError);
}

TEST(ContainerClient, https_may_name_any_host) {
  EXPECT_EQ(endpoint_at("https://example.com/creds").url, "https://example.com/creds");
}

TEST(ContainerClient, url_that_is_not_http_is_refused) {
  EXPECT_THROW(endpoint_at("ftp://127.0.0.1/creds"), CredentialError);
}

TEST(ContainerClient, relative_uri_goes_to_the_ecs_agent) {
  const auto endpoint =
      endpoint_for({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/5f1d-uuid"}});
  EXPECT_EQ(endpoint.url, "http://169.254.170.2/v2/credentials/5f1d-uuid");
  EXPECT_EQ(endpoint.origin, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  EXPECT_EQ(endpoint.authorization, "");
}

TEST(ContainerClient, relative_uri_wins_over_full_uri_as_in_botocore) {
  const auto endpoint = endpoint_for({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x"},
                                      {full_uri, "http://127.0.0.1:9/y"}});
  EXPECT_EQ(endpoint.url, "http://169.254.170.2/v2/x");
}

TEST(ContainerClient, no_uri_means_no_container_endpoint) {
  EXPECT_FALSE(aws::container_endpoint_from(util::MapEnvironment{{token_var, "tok"}}));
}

TEST(ContainerClient, token_file_is_read_fresh_without_its_newline_and_wins_over_the_variable) {
  TempFile file("file-token\n");
  util::MapEnvironment env{{full_uri, "http://127.0.0.1:1/"},
                           {token_var, "variable-token"},
                           {token_file_var, file.path}};
  EXPECT_EQ(endpoint_for(env).authorization, "file-token");
  file.write("rotated-token\r\n");
  EXPECT_EQ(endpoint_for(env).authorization, "rotated-token");
  env.set(token_file_var, "");
  EXPECT_EQ(endpoint_for(env).authorization, "variable-token");
}

TEST(ContainerClient, missing_token_file_is_an_error_naming_it) {
  const util::MapEnvironment env{{full_uri, "http://127.0.0.1:1/"},
                                 {token_file_var, "/nonexistent/awsx/token"}};
  try {
    aws::container_endpoint_from(env);
    FAIL() << "expected CredentialError";
  } catch (const CredentialError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/awsx/token"), std::string::npos);
  }
}

TEST(ContainerClient, token_with_a_line_break_is_refused_without_quoting_it) {
  TempFile file("abc\nX-Injected: 1\n");
  for (const auto& env :
       {util::MapEnvironment{{full_uri, "http://127.0.0.1:1/"},
                             {token_var, "abc\r\nX-Injected: 1"}},
        util::MapEnvironment{{full_uri, "http://127.0.0.1:1/"}, {token_file_var, file.path}}}) {
    try {
      aws::container_endpoint_from(env);
      ADD_FAILURE() << "expected CredentialError";
    } catch (const CredentialError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("line break"), std::string::npos) << what;
      EXPECT_EQ(what.find("X-Injected"), std::string::npos) << what;
    }
  }
}

TEST(ContainerClient, fetch_sends_the_authorization_token_and_parses_the_answer) {
  FakeTransport transport;
  transport.answer(200, good_body);
  const auto creds =
      aws::fetch_container_credentials(transport, endpoint_at("http://127.0.0.1:4321/get?x=1"));
  ASSERT_EQ(transport.requests.size(), 1u);
  const auto& request = transport.requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.scheme, "http");
  EXPECT_EQ(request.host, "127.0.0.1");
  EXPECT_EQ(request.port, 4321);
  EXPECT_EQ(request.path, "/get");
  EXPECT_EQ(request.query, "x=1");
  EXPECT_EQ(request.header("Authorization"), "tok-123");
  EXPECT_EQ(request.header("Accept"), "application/json");
  EXPECT_EQ(creds.access_key_id, "ASIACONTAINER");
  EXPECT_EQ(creds.secret_access_key, "s3cr3t/KEY");
  EXPECT_EQ(creds.session_token, "SESSIONTOKEN");
  EXPECT_EQ(creds.expiration, util::parse_iso8601("2026-11-22T10:40:50Z"));
}

TEST(ContainerClient, fetch_without_a_token_sends_no_authorization_header) {
  FakeTransport transport;
  transport.answer(200, good_body);
  aws::fetch_container_credentials(
      transport,
      endpoint_for({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/id"}}));
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(transport.requests[0].host, "169.254.170.2");
  EXPECT_EQ(transport.requests[0].path, "/v2/credentials/id");
  for (const auto& header : transport.requests[0].headers)
    EXPECT_NE(header.first, "Authorization");
}

TEST(ContainerClient, rejected_token_is_a_credential_error_with_the_endpoint_message) {
  FakeTransport transport;
  transport.answer(403, R"({"message":"Authorization token is invalid"})");
  try {
    aws::fetch_container_credentials(transport, endpoint_at("http://127.0.0.1:4321/"));
    FAIL() << "expected CredentialError";
  } catch (const CredentialError& e) {
    EXPECT_STREQ(e.what(), "container credential endpoint http://127.0.0.1:4321/ refused the "
                           "request: HTTP 403 Authorization token is invalid");
    EXPECT_NE(e.hint().find("AWS_CONTAINER_AUTHORIZATION_TOKEN"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("tok-123"), std::string::npos);
  }
  EXPECT_EQ(transport.requests.size(), 1u) << "a refusal must not be retried";
}

// Retries: test_container_client_retries.cpp.

TEST(ContainerClient, garbage_answer_is_refused_without_quoting_it) {
  FakeTransport transport;
  transport.answer(200, "AccessKeyId=ASIA SecretAccessKey=HUSH");
  try {
    aws::fetch_container_credentials(transport, endpoint_at("http://127.0.0.1:4321/"));
    FAIL() << "expected CredentialError";
  } catch (const CredentialError& e) {
    EXPECT_NE(std::string(e.what()).find("not a JSON object"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("HUSH"), std::string::npos) << e.what();
  }
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST(ContainerClient, missing_secret_is_named_and_nothing_else_is_quoted) {
  const auto result = aws::parse_container_credentials(
      R"({"AccessKeyId":"ASIAX","Token":"SESSIONTOKEN","Expiration":"2026-11-22T10:40:50Z"})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "the response has no SecretAccessKey");
}

TEST(ContainerClient, code_other_than_success_is_a_failure_naming_it) {
  const auto result = aws::parse_container_credentials(
      R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role",)"
      R"("AccessKeyId":"A","SecretAccessKey":"S"})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "the endpoint answered Code \"AssumeRoleUnauthorizedAccess\": EC2 "
                            "cannot assume the role");
}

TEST(ContainerClient, token_and_expiration_are_optional_but_must_parse_when_present) {
  const auto keys =
      aws::parse_container_credentials(R"({"AccessKeyId":"A","SecretAccessKey":"S"})");
  ASSERT_TRUE(keys);
  EXPECT_FALSE(keys->temporary());
  EXPECT_FALSE(keys->expiration);
  const auto bad = aws::parse_container_credentials(
      R"({"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"tomorrow"})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "Expiration \"tomorrow\" is not an ISO 8601 time");
}

TEST(ContainerClient, a_number_poco_could_not_hold_does_not_spoil_the_answer) {
  // Poco refused the whole document for a number past int64 or double, e.g. a future field.
  const auto result = aws::parse_container_credentials(
      R"({"AccessKeyId":"A","SecretAccessKey":"S","Serial":123456789012345678901234567890})");
  ASSERT_TRUE(result) << result.error();
  EXPECT_EQ(result->access_key_id, "A");
}

TEST(ContainerClient, requests_never_go_through_a_proxy) {
  FakeTransport transport;
  transport.answer(200, good_body);
  aws::fetch_container_credentials(transport, endpoint_at("http://127.0.0.1:8080/creds"));
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_TRUE(transport.requests[0].direct);
}
