#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "awsx/aws/transport.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/creds/sources.hpp"
#include "awsx/util/error.hpp"

namespace awsx::test {

// A transport that records requests and answers from a queue of canned responses.
class FakeTransport final : public aws::HttpTransport {
public:
  aws::HttpResponse send(const aws::HttpRequest& request) override {
    requests.push_back(request);
    if (!failures.empty()) {
      auto failure = failures.front();
      failures.pop_front();
      if (auto permanent = std::dynamic_pointer_cast<aws::PermanentNetworkError>(failure))
        throw *permanent;
      throw *failure;
    }
    if (responses.empty())
      throw NetworkError("fake transport: no response queued");
    auto response = responses.front();
    responses.pop_front();
    if (response.status == 0)
      throw NetworkError("fake transport: connection refused");
    return response;
  }

  // Queues a response with `status` and `body`; status 0 simulates a connection failure.
  void answer(int status, std::string body) { responses.push_back({status, {}, std::move(body)}); }

  // Makes the next `times` requests throw `failure` (a NetworkError), before any answer.
  void fail_with(std::shared_ptr<NetworkError> failure, int times) {
    failures.insert(failures.end(), times, std::move(failure));
  }

  std::vector<aws::HttpRequest> requests;
  std::deque<aws::HttpResponse> responses;
  std::deque<std::shared_ptr<NetworkError>> failures;
};

// An MFA source that hands out `code` and records what it was asked for and which codes
// STS accepted.
class FakeMfa final : public creds::MfaSource {
public:
  explicit FakeMfa(std::string code = "123456") : code_(std::move(code)) {}
  std::string code(const creds::MfaRequest& request) override {
    asked.push_back(request);
    if (code_.empty())
      throw CredentialError("MFA code needed for " + request.serial);
    return code_;
  }
  void accepted(const creds::MfaRequest& request) override { used.push_back(request); }
  std::vector<creds::MfaRequest> asked;
  std::vector<creds::MfaRequest> used; // told accepted()

private:
  std::string code_;
};

// A source fetcher that returns stored keys as they are and `fetched` for every other kind.
class FakeSources final : public creds::SourceFetcher {
public:
  aws::Credentials fetch(const creds::BaseCredentials& base) override {
    kinds.push_back(base.kind);
    return base.kind == creds::SourceKind::keys ? base.keys : fetched;
  }
  aws::Credentials fetched{"ASIAFETCHED", "fetched-secret", "fetched-token", {}};
  std::vector<creds::SourceKind> kinds;
};

// An STS response document for `action` carrying credentials `key_id` that expire at `expiration`.
inline std::string sts_credentials_xml(const std::string& action, const std::string& key_id,
                                       const std::string& expiration = "2026-01-02T03:04:05Z") {
  return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action +
         "Result><Credentials><AccessKeyId>" + key_id +
         "</AccessKeyId><SecretAccessKey>secret/" + key_id +
         "</SecretAccessKey><SessionToken>token-" + key_id + "</SessionToken><Expiration>" +
         expiration + "</Expiration></Credentials></" + action + "Result></" + action +
         "Response>";
}

// An STS error document with `code` and `message`.
inline std::string sts_error_xml(const std::string& code, const std::string& message) {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
         "</Type><Code>" + code + "</Code><Message>" + message +
         "</Message></Error><RequestId>abc</RequestId></ErrorResponse>";
}

} // namespace awsx::test
