#include "awsx/aws/poco_transport.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <memory>
#include <mutex>
#include <sstream>

#include "awsx/aws/url.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;

Poco::Net::Context::Ptr tls_context(const std::string& ca_bundle) {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.caLocation = ca_bundle;
  params.loadDefaultCAs = ca_bundle.empty();
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

std::string first_of(const util::Environment& env, const char* upper, const char* lower) {
  if (auto v = env.get_nonempty(upper))
    return *v;
  return env.get_nonempty(lower).value_or("");
}

std::string timeout_text(std::chrono::milliseconds ms) {
  return std::to_string(ms.count() / 1000.0).substr(0, 4) + "s";
}

} // namespace

ProxySettings proxy_settings_from(const util::Environment& env) {
  return {first_of(env, "HTTPS_PROXY", "https_proxy"), first_of(env, "HTTP_PROXY", "http_proxy"),
          first_of(env, "NO_PROXY", "no_proxy")};
}

bool bypasses_proxy(const std::string& host, const std::string& no_proxy) {
  const auto lower_host = util::to_lower(host);
  for (const auto& raw : util::split(no_proxy, ',')) {
    auto entry = util::to_lower(util::trim(raw));
    if (entry.empty())
      continue;
    if (entry == "*")
      return true;
    if (entry.front() == '.')
      entry.erase(0, 1);
    if (lower_host == entry ||
        (lower_host.size() > entry.size() &&
         lower_host.compare(lower_host.size() - entry.size(), entry.size(), entry) == 0 &&
         lower_host[lower_host.size() - entry.size() - 1] == '.'))
      return true;
  }
  return false;
}

PocoTransport::PocoTransport(TransportOptions options, ProxySettings proxy)
    : options_(std::move(options)), proxy_(std::move(proxy)) {}

HttpResponse PocoTransport::send(const HttpRequest& request) {
  const auto port = static_cast<Poco::UInt16>(
      request.port != 0 ? request.port : (request.scheme == "https" ? 443 : 80));
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  const std::string where = request.scheme + "://" + request.authority();
  try {
    if (request.scheme == "https")
      session = std::make_unique<Poco::Net::HTTPSClientSession>(request.host, port,
                                                                tls_context(options_.ca_bundle));
    else
      session = std::make_unique<Poco::Net::HTTPClientSession>(request.host, port);
    const auto& proxy_url = request.scheme == "https" ? proxy_.https_proxy : proxy_.http_proxy;
    if (!proxy_url.empty() && !bypasses_proxy(request.host, proxy_.no_proxy)) {
      const auto proxy = parse_url(proxy_url.find("://") == std::string::npos
                                       ? "http://" + proxy_url
                                       : proxy_url);
      if (!proxy)
        throw NetworkError("proxy setting \"" + proxy_url + "\" is not a valid URL; fix HTTPS_PROXY/HTTP_PROXY");
      session->setProxy(proxy->host, static_cast<Poco::UInt16>(proxy->port));
    }
    const Poco::Timespan connect(std::chrono::microseconds(options_.connect_timeout).count());
    const Poco::Timespan read(std::chrono::microseconds(options_.read_timeout).count());
    session->setTimeout(connect, read, read);

    const std::string target = request.query.empty() ? request.path : request.path + "?" + request.query;
    Poco::Net::HTTPRequest out(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    out.setHost(request.authority());
    for (const auto& [name, value] : request.headers) {
      if (util::to_lower(name) != "host")
        out.add(name, value);
    }
    if (!request.body.empty() || request.method == "POST")
      out.setContentLength(static_cast<std::streamsize>(request.body.size()));
    session->sendRequest(out) << request.body;

    Poco::Net::HTTPResponse in;
    std::istream& body = session->receiveResponse(in);
    HttpResponse response;
    response.status = static_cast<int>(in.getStatus());
    for (const auto& [name, value] : in)
      response.headers.emplace_back(name, value);
    char buffer[8192];
    while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
      response.body.append(buffer, static_cast<std::size_t>(body.gcount()));
      if (response.body.size() > max_body_bytes)
        throw NetworkError("response from " + where + " is larger than 4 MiB; is the endpoint right?");
    }
    return response;
  } catch (const Poco::TimeoutException&) {
    throw NetworkError("no answer from " + where + " within " + timeout_text(options_.read_timeout) +
                       "; check the endpoint and your network, or raise AWSX_HTTP_TIMEOUT");
  } catch (const Poco::Net::ConnectionRefusedException&) {
    throw NetworkError("connection refused by " + where + "; is the endpoint right?");
  } catch (const Poco::Net::HostNotFoundException&) {
    throw NetworkError("cannot resolve host " + request.host + "; check the endpoint and DNS");
  } catch (const Poco::Net::NoAddressFoundException&) {
    throw NetworkError("cannot resolve host " + request.host + "; check the endpoint and DNS");
  } catch (const Poco::Net::CertificateValidationException& e) {
    throw NetworkError("TLS certificate of " + where + " not trusted: " + e.message() +
                       "; set AWS_CA_BUNDLE if you use a private CA");
  } catch (const Poco::Net::SSLException& e) {
    throw NetworkError("TLS failure talking to " + where + ": " + e.displayText());
  } catch (const Poco::Exception& e) {
    throw NetworkError("request to " + where + " failed: " + e.displayText());
  }
}

} // namespace awsx::aws
