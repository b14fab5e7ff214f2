#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "awsx/server/credential_server.hpp"
#include "awsx/util/error.hpp"
#include "raw_client.hpp"

using namespace awsx;
using namespace std::chrono_literals;
using test::get_request;
using test::round_trip;

namespace {

struct Reply {
  int status;
  std::string body;
};

// Through Poco's client, as an SDK's HTTP stack would call it.
Reply call(int port, const std::string& method, const std::string& authorization) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request(method, "/", Poco::Net::HTTPMessage::HTTP_1_1);
  if (!authorization.empty())
    request.set("Authorization", authorization);
  request.setContentLength(0);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::string body;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
  return {static_cast<int>(response.getStatus()), body};
}

const util::TimePoint t0 = std::chrono::system_clock::from_time_t(1767323045);

std::shared_ptr<const creds::Session> session(const std::string& key, util::TimePoint expires) {
  return std::make_shared<const creds::Session>(
      creds::Session{{key, "secret/" + key, "token-" + key, expires}, "eu-west-1", "prod"});
}

std::string status_line(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

} // namespace

TEST(ServerCredentialServer, serves_only_get_with_the_right_token) {
  const auto token = server::random_token();
  EXPECT_EQ(token.size(), 64u);
  server::CredentialServer endpoint([] { return session("ASIAONE", t0 + 3600s); }, token);
  EXPECT_EQ(endpoint.url(), "http://127.0.0.1:" + std::to_string(endpoint.port()) + "/");
  EXPECT_EQ(call(endpoint.port(), "GET", "").status, 403);
  EXPECT_EQ(call(endpoint.port(), "GET", token.substr(0, 63) + "x").status, 403);
  EXPECT_EQ(call(endpoint.port(), "GET", token + "x").status, 403);
  EXPECT_EQ(call(endpoint.port(), "POST", token).status, 405);
  const auto ok = call(endpoint.port(), "GET", token);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "{\"AccessKeyId\":\"ASIAONE\",\"SecretAccessKey\":\"secret/ASIAONE\","
                     "\"Token\":\"token-ASIAONE\",\"Expiration\":\"2026-01-02T04:04:05Z\"}");
}

TEST(ServerCredentialServer, status_lines_carry_the_reason_phrase_of_their_status) {
  const auto token = server::random_token();
  server::CredentialServer endpoint([] { return session("ASIAONE", t0 + 3600s); }, token);
  const int port = endpoint.port();
  EXPECT_EQ(status_line(round_trip(port, get_request(""))), "HTTP/1.1 403 Forbidden");
  const auto post = round_trip(port, "POST / HTTP/1.1\r\nAuthorization: " + token +
                                         "\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(status_line(post), "HTTP/1.1 405 Method Not Allowed");
  EXPECT_NE(post.find("\r\nAllow: GET\r\n"), std::string::npos) << post;
  const auto ok = round_trip(port, get_request(token));
  EXPECT_EQ(status_line(ok), "HTTP/1.1 200 OK");
  EXPECT_NE(ok.find("\r\nContent-Type: application/json\r\n"), std::string::npos) << ok;
  EXPECT_NE(ok.find("\r\nCache-Control: no-store\r\n"), std::string::npos) << ok;
  EXPECT_EQ(status_line(round_trip(port, "NOT HTTP AT ALL\r\n\r\n")),
            "HTTP/1.1 400 Bad Request");
}

TEST(ServerCredentialServer, a_failed_refresh_is_a_500_json_message_not_a_crash) {
  const auto token = server::random_token();
  server::CredentialServer endpoint(
      []() -> std::shared_ptr<const creds::Session> {
        throw CredentialError("MFA code needed for arn:mfa");
      },
      token);
  const auto reply = call(endpoint.port(), "GET", token);
  EXPECT_EQ(reply.status, 500);
  EXPECT_NE(reply.body.find("MFA code needed"), std::string::npos) << reply.body;
  EXPECT_EQ(call(endpoint.port(), "GET", token).status, 500) << "the server keeps running";
  EXPECT_EQ(status_line(round_trip(endpoint.port(), get_request(token))),
            "HTTP/1.1 500 Internal Server Error");
}

TEST(ServerCredentialServer, a_pending_renewal_is_a_503_with_retry_after) {
  const auto token = server::random_token();
  server::CredentialServer endpoint(
      []() -> std::shared_ptr<const creds::Session> {
        throw server::SessionPending("renewing");
      },
      token);
  const auto reply = round_trip(endpoint.port(), get_request(token));
  EXPECT_EQ(status_line(reply), "HTTP/1.1 503 Service Unavailable");
  EXPECT_NE(reply.find("\r\nRetry-After: 1\r\n"), std::string::npos) << reply;
}

TEST(ServerCredentialServer, short_tokens_are_refused) {
  EXPECT_THROW(server::CredentialServer([] { return session("A", t0); }, "short"), Error);
  EXPECT_TRUE(server::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(server::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(server::constant_time_equal("abc", "abcd"));
}

TEST(ServerCredentialServer, keep_alive_pipelining_and_close) {
  const auto token = server::random_token();
  server::CredentialServer endpoint([] { return session("ASIAONE", t0 + 3600s); }, token);
  auto s = test::connect_to(endpoint.port());
  // Two requests in one write, then a third on the same connection that asks to close.
  test::send_all(s, get_request(token) + get_request(""));
  auto got =
      test::receive(s, 5s, [](const std::string& b) { return test::has_responses(b, 2); });
  ASSERT_TRUE(test::has_responses(got.bytes, 2)) << got.bytes;
  EXPECT_EQ(status_line(got.bytes), "HTTP/1.1 200 OK");
  EXPECT_NE(got.bytes.find("HTTP/1.1 403 Forbidden"), std::string::npos);
  test::send_all(s, get_request(token, "Connection: close\r\n"));
  got = test::receive(s, 5s, [](const std::string&) { return false; });
  EXPECT_TRUE(got.closed);
  EXPECT_EQ(status_line(got.bytes), "HTTP/1.1 200 OK");
  EXPECT_NE(got.bytes.find("\r\nConnection: close\r\n"), std::string::npos);
}

TEST(ServerCredentialServer, a_request_with_a_body_is_answered_then_the_connection_ends) {
  const auto token = server::random_token();
  server::CredentialServer endpoint([] { return session("ASIAONE", t0 + 3600s); }, token);
  for (const std::string& head :
       {"POST / HTTP/1.1\r\nAuthorization: " + token + "\r\nContent-Length: 5\r\n\r\nhello",
        "HEAD / HTTP/1.1\r\nAuthorization: " + token + "\r\n\r\n"}) {
    auto s = test::connect_to(endpoint.port());
    test::send_all(s, head);
    // The unread body must not reset the connection before the answer is read.
    const auto got = test::receive(s, 5s, [](const std::string&) { return false; });
    EXPECT_EQ(status_line(got.bytes), "HTTP/1.1 405 Method Not Allowed") << head;
    EXPECT_NE(got.bytes.find("\r\nConnection: close\r\n"), std::string::npos) << got.bytes;
    EXPECT_TRUE(got.closed);
  }
}
