#include "awsx/aws/poco_transport.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/InvalidCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/VerificationErrorArgs.h>
#include <Poco/Net/X509Certificate.h>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

#include "awsx/aws/transport_failure.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;

// The exchange whose certificate is being checked on this thread, so the verification
// callback, which Poco routes through a process-wide event, can record OpenSSL's reason.
thread_local Exchange* verifying = nullptr;

// Rejects every certificate OpenSSL could not verify, noting why. Every context gets one;
// without it, Poco would fall back to a handler that asks on the console.
class RecordingCertificateHandler final : public Poco::Net::InvalidCertificateHandler {
public:
  RecordingCertificateHandler() : InvalidCertificateHandler(false) {}

  void onInvalidCertificate(const void*, Poco::Net::VerificationErrorArgs& args) override {
    if (verifying != nullptr && verifying->certificate_problem.empty())
      verifying->certificate_problem = args.errorMessage();
    args.setIgnoreError(false);
  }
};

// A TLS client context that trusts `options.ca_bundle`, or the system store when it is
// empty; throws ConfigError when the bundle cannot be loaded.
Poco::Net::Context::Ptr tls_context(const TransportOptions& options) {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
  params.caLocation = options.ca_bundle;
  params.loadDefaultCAs = options.ca_bundle.empty();
  try {
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->setInvalidCertificateHandler(new RecordingCertificateHandler);
    return context;
  } catch (const Poco::Exception& e) {
    if (options.ca_bundle.empty())
      throw NetworkError("cannot set up TLS with the system's CA store: " + tls_reason(e));
    const bool readable = ::access(options.ca_bundle.c_str(), R_OK) == 0;
    throw ConfigError("cannot load the CA bundle " + options.ca_bundle + " (from " +
                          options.ca_bundle_origin +
                          "): " + (readable ? tls_reason(e) : std::strerror(errno)),
                      "point " + options.ca_bundle_origin + " at a readable PEM file");
  }
}

// Holds one step of an exchange (the TLS handshake, the whole answer) to a deadline.
// Poco's socket timeout applies to each read, so a peer that drips a byte at a time could
// stretch the wait without end; when the time is up, this shuts the socket down, and the
// blocked read returns.
class Deadline {
public:
  // Watches socket `fd` for `limit`; sets `late` when time ran out.
  Deadline(int fd, std::chrono::milliseconds limit, bool& late)
      : late_(late), watcher_([this, fd, limit] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) {
            expired_ = true;
            ::shutdown(fd, SHUT_RDWR);
          }
        }) {}

  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  ~Deadline() { finish(); }

  // Stops watching; throws TimeoutException when the deadline cut the step short.
  void check() {
    finish();
    if (late_)
      throw Poco::TimeoutException("out of time");
  }

private:
  void finish() {
    if (!watcher_.joinable())
      return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_one();
    watcher_.join();
    late_ = late_ || expired_;
  }

  bool& late_;
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  bool expired_ = false;
  std::thread watcher_;
};

// A Poco session that keeps `exchange` up to date: when the connection stands, and how
// many bytes of the answer's body arrived. For https it also finishes the TLS handshake
// itself and checks the host name: Poco returns from a handshake that timed out as if it
// had finished, and then never checks the host name.
template <typename Base> class TrackedSession final : public Base {
public:
  template <typename... Args>
  explicit TrackedSession(Exchange& exchange, Args&&... args)
      : Base(std::forward<Args>(args)...), exchange_(exchange) {
    if constexpr (secure)
      Poco::Net::SecureStreamSocket(this->socket()).setLazyHandshake(true);
  }

protected:
  static constexpr bool secure = std::is_same_v<Base, Poco::Net::HTTPSClientSession>;

  void connect(const Poco::Net::SocketAddress& address) override {
    verifying = &exchange_;
    Base::connect(address);
    if constexpr (secure)
      finish_handshake();
    verifying = nullptr;
    exchange_.connected = true;
  }

  int read(char* buffer, std::streamsize length) override {
    const int n = Base::read(buffer, length);
    if (n > 0)
      exchange_.received += static_cast<std::size_t>(n);
    return n;
  }

private:
  void finish_handshake() {
    exchange_.handshaking = true;
    Poco::Net::SecureStreamSocket tls(this->socket());
    const auto micros = [](std::chrono::milliseconds ms) {
      return Poco::Timespan(std::chrono::microseconds(ms).count());
    };
    tls.setReceiveTimeout(micros(exchange_.connect_timeout));
    Deadline deadline(tls.impl()->sockfd(), exchange_.connect_timeout, exchange_.late);
    const int done = tls.completeHandshake();
    deadline.check();
    if (done <= 0)
      throw Poco::Net::SSLException("the TLS handshake did not complete");
    if (!tls.havePeerCertificate() || !tls.peerCertificate().verify(exchange_.host))
      throw Poco::Net::CertificateValidationException("Unacceptable certificate from " +
                                                      exchange_.host);
    tls.setReceiveTimeout(micros(exchange_.read_timeout));
    exchange_.handshaking = false;
  }

  Exchange& exchange_;
};

using PlainSession = TrackedSession<Poco::Net::HTTPClientSession>;
using SecureSession = TrackedSession<Poco::Net::HTTPSClientSession>;

// The Content-Length of `in`, or -1 when it has none.
long long declared_length(const Poco::Net::HTTPResponse& in) {
  return in.hasContentLength() ? static_cast<long long>(in.getContentLength64()) : -1;
}

template <typename Session>
HttpResponse exchange_on(Session& session, const HttpRequest& request, Exchange& exchange) {
  const auto timeout = [](std::chrono::milliseconds ms) {
    return Poco::Timespan(std::chrono::microseconds(ms).count());
  };
  session.setTimeout(timeout(exchange.connect_timeout), timeout(exchange.read_timeout),
                     timeout(exchange.read_timeout));
  if (exchange.proxy) {
    Poco::Net::HTTPClientSession::ProxyConfig proxy;
    proxy.host = exchange.proxy->host;
    proxy.port = static_cast<Poco::UInt16>(exchange.proxy->port);
    // Poco would send an empty login to every proxy.
    const bool login = exchange.proxy->has_login();
    proxy.authMethod = login ? Poco::Net::HTTPClientSession::PROXY_AUTH_HTTP_BASIC
                             : Poco::Net::HTTPClientSession::PROXY_AUTH_NONE;
    if (login) {
      proxy.username = exchange.proxy->username;
      proxy.password = exchange.proxy->password;
    }
    session.setProxyConfig(proxy);
  }

  const std::string target =
      request.query.empty() ? request.path : request.path + "?" + request.query;
  Poco::Net::HTTPRequest out(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  out.setHost(request.authority());
  for (const auto& [name, value] : request.headers) {
    if (util::to_lower(name) != "host")
      out.add(name, value);
  }
  if (!request.body.empty() || request.method == "POST")
    out.setContentLength(static_cast<std::streamsize>(request.body.size()));
  session.sendRequest(out) << request.body;

  Deadline deadline(session.socket().impl()->sockfd(), exchange.read_timeout, exchange.late);
  Poco::Net::HTTPResponse in;
  std::istream& body = session.receiveResponse(in);
  HttpResponse response;
  response.status = static_cast<int>(in.getStatus());
  for (const auto& [name, value] : in)
    response.headers.emplace_back(name, value);
  char buffer[8192];
  while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
    response.body.append(buffer, static_cast<std::size_t>(body.gcount()));
    if (response.body.size() > max_body_bytes)
      throw NetworkError("the answer from " + exchange.target + " is larger than 4 MiB",
                         "is the endpoint URL right?");
  }
  deadline.check();
  // The body stream swallows a failed read and just ends; Poco keeps the failure.
  if (const auto* failure = session.networkException())
    failure->rethrow();
  // Poco ends the body quietly when the peer closes early; a short body is a broken answer.
  const auto length = declared_length(in);
  if (length >= 0 && static_cast<long long>(response.body.size()) < length)
    throw NetworkError("the answer from " + exchange.target + " broke off after " +
                       std::to_string(response.body.size()) + " of " + std::to_string(length) +
                       " bytes");
  if (response.status == 407 && exchange.proxy)
    throw PermanentNetworkError(
        "proxy " + exchange.proxy->text() + " (from " + exchange.proxy->origin +
            ") wants a login: 407 " + in.getReason(),
        !exchange.proxy->has_login()
            ? "put it into the proxy URL: http://USER:PASSWORD@host:port"
            : "check the user name and password in " + exchange.proxy->origin);
  return response;
}

} // namespace

PocoTransport::PocoTransport(TransportOptions options, ProxySettings proxy)
    : options_(std::move(options)), proxy_(std::move(proxy)) {}

HttpResponse PocoTransport::send(const HttpRequest& request) {
  const auto port = static_cast<Poco::UInt16>(
      request.port != 0 ? request.port : (request.scheme == "https" ? 443 : 80));
  Exchange exchange;
  exchange.target = request.scheme + "://" + request.authority();
  exchange.host = request.host;
  if (!request.direct)
    exchange.proxy = proxy_for(proxy_, request.scheme, request.authority());
  exchange.connect_timeout = std::min(options_.connect_timeout,
                                      request.timeout.value_or(options_.connect_timeout));
  exchange.read_timeout = std::min(options_.read_timeout,
                                   request.timeout.value_or(options_.read_timeout));
  exchange.ca_bundle = options_.ca_bundle;
  exchange.ca_bundle_origin = options_.ca_bundle_origin;
  Poco::Net::Context::Ptr context;
  if (request.scheme == "https")
    context = tls_context(options_);
  try {
    if (request.scheme == "https") {
      SecureSession session(exchange, request.host, port, context);
      return exchange_on(session, request, exchange);
    }
    PlainSession session(exchange, request.host, port);
    return exchange_on(session, request, exchange);
  } catch (const Poco::Exception& e) {
    verifying = nullptr;
    if (exchange.late)
      throw_failure(Poco::TimeoutException("the answer took too long"), exchange);
    throw_failure(e, exchange);
  }
}

} // namespace awsx::aws
