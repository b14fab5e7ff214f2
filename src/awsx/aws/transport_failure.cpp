#include "awsx/aws/transport_failure.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include "awsx/aws/transport.hpp"
#include "awsx/util/error.hpp"

namespace awsx::aws {

namespace {

std::string seconds_text(std::chrono::milliseconds ms) {
  const auto whole = ms.count() / 1000;
  const auto tenths = (ms.count() % 1000) / 100;
  return std::to_string(whole) + (tenths != 0 ? "." + std::to_string(tenths) : "") + "s";
}

std::string proxy_text(const ProxyUrl& proxy) {
  return "proxy " + proxy.text() + " (from " + proxy.origin + ")";
}

// The peer a failure before the request went out belongs to: with a proxy, awsx only
// ever connects to the proxy.
std::string first_peer(const Exchange& exchange) {
  return exchange.proxy ? proxy_text(*exchange.proxy) : exchange.target;
}

// " through proxy P" once the exchange runs through one.
std::string via(const Exchange& exchange) {
  return exchange.proxy ? " through " + proxy_text(*exchange.proxy) : "";
}

std::string proxy_hint(const Exchange& exchange) {
  return "check " + exchange.proxy->origin + ", or list the host in NO_PROXY to go direct";
}

// Poco says "Cannot establish proxy connection: <reason phrase>" when CONNECT gets no 200.
[[noreturn]] void proxy_refused(const Poco::Exception& failure, const Exchange& exchange) {
  std::string reason = failure.message();
  if (const auto colon = reason.find(": "); colon != std::string::npos)
    reason = reason.substr(colon + 2);
  const auto& proxy = *exchange.proxy;
  std::string hint;
  if (reason == "Proxy Authentication Required")
    hint = proxy.has_login()
               ? "check the user name and password in " + proxy.origin
               : "the proxy wants a login: put it into the URL, http://USER:PASSWORD@host:port";
  else
    hint = "the proxy does not let awsx through to this host; ask its admins, or list the "
           "host in NO_PROXY to go direct";
  const auto tunnel = exchange.target.substr(exchange.target.find("://") + 3);
  throw PermanentNetworkError(
      proxy_text(proxy) + " refused the tunnel to " + tunnel + ": " + reason, hint);
}

[[noreturn]] void timed_out(const Exchange& exchange) {
  if (exchange.handshaking)
    throw NetworkError("no TLS handshake from " + exchange.target + via(exchange) + " within " +
                           seconds_text(exchange.connect_timeout),
                       "is the endpoint really https, on the right port? A plain http server "
                       "waits silently for a request");
  if (!exchange.connected && !exchange.proxy)
    throw NetworkError("no connection to " + exchange.target + " within " +
                           seconds_text(exchange.connect_timeout),
                       "check the endpoint and the network path to it, or raise "
                       "AWSX_HTTP_TIMEOUT");
  if (!exchange.connected)
    throw NetworkError("no connection to " + exchange.target + " through " +
                           proxy_text(*exchange.proxy) + " within " +
                           seconds_text(exchange.connect_timeout),
                       proxy_hint(exchange));
  if (exchange.received == 0)
    throw NetworkError("no answer from " + exchange.target + via(exchange) + " within " +
                           seconds_text(exchange.read_timeout),
                       "check the endpoint, or raise AWSX_HTTP_TIMEOUT if it is just slow");
  throw NetworkError("the answer from " + exchange.target + via(exchange) +
                         " was still incomplete after " + seconds_text(exchange.read_timeout) +
                         " (" + std::to_string(exchange.received) +
                         " bytes of its body arrived)",
                     "check the network path, or raise AWSX_HTTP_TIMEOUT if it is just slow");
}

[[noreturn]] void certificate_failure(const Poco::Exception& failure,
                                      const Exchange& exchange) {
  const std::string trusted =
      exchange.ca_bundle.empty()
          ? "CAs of the system store"
          : "CAs from " + exchange.ca_bundle_origin + "=" + exchange.ca_bundle;
  if (!exchange.certificate_problem.empty())
    throw PermanentNetworkError(
        "TLS certificate verify failed for " + exchange.target + via(exchange) + ": " +
            exchange.certificate_problem + " (" + trusted + ")",
        exchange.ca_bundle.empty()
            ? "if a private CA or a TLS-inspecting proxy signs it, set AWS_CA_BUNDLE or "
              "ca_bundle to that CA's PEM file"
            : "point " + exchange.ca_bundle_origin +
                  " at the CA that signed this server's "
                  "certificate");
  if (dynamic_cast<const Poco::Net::CertificateValidationException*>(&failure) != nullptr)
    throw PermanentNetworkError(
        "the TLS certificate of " + exchange.target + via(exchange) +
            " is not valid for the host name " + exchange.host,
        "use a host name that the certificate lists in the endpoint URL");
  throw PermanentNetworkError("TLS handshake with " + exchange.target + via(exchange) +
                                  " failed: " + tls_reason(failure),
                              "is the endpoint really https, on the right port?");
}

} // namespace

std::string tls_reason(const Poco::Exception& failure) {
  std::string text = failure.message().empty() ? failure.displayText() : failure.message();
  // OpenSSL 3: "error:0A00010B:SSL routines::wrong version number"; 1.1 has a function name
  // between the colons. The reason is what follows the last colon.
  if (text.starts_with("error:")) {
    if (const auto colon = text.rfind(':'); colon != std::string::npos)
      text = text.substr(colon + 1);
  }
  return text.empty() ? failure.displayText() : text;
}

void throw_failure(const Poco::Exception& failure, const Exchange& exchange) {
  using namespace Poco::Net;
  const auto* e = &failure;
  if (dynamic_cast<const Poco::TimeoutException*>(e) != nullptr)
    timed_out(exchange);
  if (dynamic_cast<const ConnectionRefusedException*>(e) != nullptr)
    throw NetworkError("connection refused by " + first_peer(exchange),
                       exchange.proxy ? proxy_hint(exchange)
                                      : "is the endpoint's host and port right, and the "
                                        "service up?");
  if (dynamic_cast<const DNSException*>(e) != nullptr) {
    const auto host = exchange.proxy ? exchange.proxy->host : exchange.host;
    // Poco's text is "Host not found: NAME"; the name is already in the message.
    auto reason = failure.message();
    if (reason.ends_with(": " + host))
      reason.resize(reason.size() - host.size() - 2);
    throw NetworkError("cannot resolve host " + host +
                           (exchange.proxy ? " of " + proxy_text(*exchange.proxy) : "") + " (" +
                           reason + ")",
                       exchange.proxy ? proxy_hint(exchange)
                                      : "check the host name in the endpoint URL, and DNS");
  }
  if (dynamic_cast<const HTTPException*>(e) != nullptr && exchange.proxy && !exchange.connected)
    proxy_refused(failure, exchange);
  if (dynamic_cast<const SSLConnectionUnexpectedlyClosedException*>(e) != nullptr)
    throw NetworkError(exchange.target + via(exchange) + " closed the connection " +
                       (exchange.connected ? "before answering" : "during the TLS handshake"));
  if (dynamic_cast<const CertificateValidationException*>(e) != nullptr ||
      (dynamic_cast<const SSLException*>(e) != nullptr && !exchange.connected))
    certificate_failure(failure, exchange);
  if (dynamic_cast<const SSLException*>(e) != nullptr)
    throw NetworkError(
        "the TLS connection to " + exchange.target + via(exchange) + " broke off " +
        (exchange.received == 0
             ? "before the answer"
             : "after " + std::to_string(exchange.received) + " bytes of the answer's body") +
        " (" + tls_reason(failure) + ")");
  if (dynamic_cast<const ConnectionResetException*>(e) != nullptr ||
      dynamic_cast<const ConnectionAbortedException*>(e) != nullptr) {
    const auto peer =
        exchange.connected ? exchange.target + via(exchange) : first_peer(exchange);
    throw NetworkError("connection reset by " + peer +
                       (exchange.received == 0 ? " before it answered" : " while it answered"));
  }
  if (dynamic_cast<const NoMessageException*>(e) != nullptr)
    throw NetworkError(exchange.target + via(exchange) +
                       " closed the connection without answering");
  if (dynamic_cast<const MessageException*>(e) != nullptr)
    throw NetworkError(exchange.target + via(exchange) + " did not answer with HTTP (" +
                           failure.message() + ")",
                       "is the endpoint's scheme right (http:// or https://), and is it STS?");
  throw NetworkError("request to " + exchange.target + via(exchange) +
                     " failed: " + failure.displayText());
}

} // namespace awsx::aws
