#include "awsx/server/credential_server.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <sstream>

#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::server {

namespace {

using Poco::Net::HTTPResponse;

void send_json(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
               const std::string& body) {
  response.setStatus(status);
  response.setContentType("application/json");
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

std::string message_json(const std::string& message) {
  Poco::JSON::Object doc;
  doc.set("message", message);
  std::ostringstream out;
  doc.stringify(out);
  return out.str();
}

class Handler final : public Poco::Net::HTTPRequestHandler {
public:
  Handler(const CredentialServer::SessionSource& source, const std::string& token)
      : source_(source), token_(token) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    // The token is checked first, so nothing about the server leaks to a caller without it.
    if (!constant_time_equal(request.get("Authorization", ""), token_)) {
      send_json(response, HTTPResponse::HTTP_FORBIDDEN,
                message_json("missing or wrong Authorization token"));
      return;
    }
    if (request.getMethod() != "GET") {
      response.set("Allow", "GET");
      send_json(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, message_json("only GET"));
      return;
    }
    try {
      send_json(response, HTTPResponse::HTTP_OK, credentials_json(source_()));
    } catch (const std::exception& e) {
      send_json(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR,
                message_json(std::string("awsx could not refresh the session: ") + e.what()));
    }
  }

private:
  const CredentialServer::SessionSource& source_;
  const std::string& token_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
  Factory(CredentialServer::SessionSource source, std::string token)
      : source_(std::move(source)), token_(std::move(token)) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(source_, token_);
  }

private:
  CredentialServer::SessionSource source_;
  std::string token_;
};

} // namespace

CredentialServer::CredentialServer(SessionSource source, std::string token) {
  if (token.size() < 32)
    throw Error("the credential server token must be at least 32 bytes");
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64);
  port_ = socket.address().port();
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(8);
  params->setMaxQueued(256);
  params->setKeepAlive(true);
  http_ = std::make_unique<Poco::Net::HTTPServer>(
      new Factory(std::move(source), std::move(token)), socket, params);
  http_->start();
}

CredentialServer::~CredentialServer() {
  if (http_)
    http_->stopAll(true);
}

std::string CredentialServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/";
}

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw Error("cannot get random bytes for the credential server token");
  return util::to_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size())
    return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string credentials_json(const creds::Session& session) {
  const auto& c = session.credentials;
  Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
  doc.set("AccessKeyId", c.access_key_id);
  doc.set("SecretAccessKey", c.secret_access_key);
  doc.set("Token", c.session_token);
  if (c.expiration)
    doc.set("Expiration", util::format_iso8601_z(*c.expiration));
  std::ostringstream out;
  doc.stringify(out);
  return out.str();
}

} // namespace awsx::server
