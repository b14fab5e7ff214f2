#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "awsx/server/credential_server.hpp"
#include "awsx/server/refreshing_session.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;
using namespace std::chrono_literals;

namespace {

struct Reply {
  int status;
  std::string body;
};

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

creds::Session session(const std::string& key, util::TimePoint expires) {
  return {{key, "secret/" + key, "token-" + key, expires}, "eu-west-1", "prod"};
}

class StepClock final : public util::Clock {
public:
  util::TimePoint now() const override { return time; }
  util::TimePoint time = t0;
};

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

TEST(ServerCredentialServer, a_failed_refresh_is_a_500_json_message_not_a_crash) {
  const auto token = server::random_token();
  server::CredentialServer endpoint(
      []() -> creds::Session { throw CredentialError("MFA code needed for arn:mfa"); }, token);
  const auto reply = call(endpoint.port(), "GET", token);
  EXPECT_EQ(reply.status, 500);
  EXPECT_NE(reply.body.find("MFA code needed"), std::string::npos) << reply.body;
  EXPECT_EQ(call(endpoint.port(), "GET", token).status, 500) << "the server keeps running";
}

TEST(ServerCredentialServer, short_tokens_are_refused) {
  EXPECT_THROW(server::CredentialServer([] { return session("A", t0); }, "short"), Error);
  EXPECT_TRUE(server::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(server::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(server::constant_time_equal("abc", "abcd"));
}

TEST(ServerRefreshingSession, renews_inside_the_margin_and_keeps_the_old_one_on_failure) {
  StepClock clock;
  int refreshes = 0;
  bool fail = false;
  std::vector<std::string> warnings;
  server::RefreshingSession current(
      session("ASIAOLD", t0 + 600s),
      [&] {
        ++refreshes;
        if (fail)
          throw CredentialError("needs MFA");
        return session("ASIANEW", clock.time + 600s);
      },
      clock, 300s, [&](const std::string& w) { warnings.push_back(w); });
  EXPECT_EQ(current.current().credentials.access_key_id, "ASIAOLD");
  EXPECT_EQ(refreshes, 0);
  clock.time = t0 + 301s;
  EXPECT_EQ(current.current().credentials.access_key_id, "ASIANEW");
  EXPECT_EQ(refreshes, 1);
  fail = true;
  clock.time += 301s; // inside the new session's margin, not yet expired
  EXPECT_EQ(current.current().credentials.access_key_id, "ASIANEW");
  EXPECT_EQ(warnings.size(), 1u);
  clock.time += 600s; // expired: the refresh error now reaches the caller
  EXPECT_THROW(current.current(), CredentialError);
}
