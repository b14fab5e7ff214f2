#include <gtest/gtest.h>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include "awsx/aws/transport.hpp"
#include "awsx/aws/transport_failure.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

namespace {

aws::Exchange exchange_to(const std::string& target = "https://sts.example.com:8443") {
  aws::Exchange exchange;
  exchange.target = target;
  exchange.host = "sts.example.com";
  exchange.connect_timeout = std::chrono::seconds(5);
  exchange.read_timeout = std::chrono::milliseconds(2500);
  return exchange;
}

aws::ProxyUrl proxy() {
  return {"127.0.0.1", 3128, "alice", "hunter2", "HTTPS_PROXY"};
}

struct Outcome {
  std::string what;
  std::string hint;
  bool permanent = false;
  ExitCode code = ExitCode::ok;
};

Outcome outcome(const Poco::Exception& failure, const aws::Exchange& exchange) {
  try {
    aws::throw_failure(failure, exchange);
  } catch (const Error& e) {
    return {e.what(), e.hint(), dynamic_cast<const aws::PermanentNetworkError*>(&e) != nullptr,
            e.code()};
  }
  return {};
}

} // namespace

TEST(AwsTransportFailure, resolver_failure_names_the_host) {
  // What Poco throws when getaddrinfo fails: the fake resolver error.
  const auto out = outcome(
      Poco::Net::HostNotFoundException("Host not found", "sts.example.com"), exchange_to());
  EXPECT_EQ(out.what, "cannot resolve host sts.example.com (Host not found)");
  EXPECT_EQ(out.code, ExitCode::network);
  EXPECT_FALSE(out.permanent);
  EXPECT_NE(out.hint.find("DNS"), std::string::npos);
}

TEST(AwsTransportFailure, with_a_proxy_the_connection_failures_are_the_proxys) {
  auto exchange = exchange_to();
  exchange.proxy = proxy();
  auto out = outcome(Poco::Net::ConnectionRefusedException("127.0.0.1:3128"), exchange);
  EXPECT_EQ(out.what, "connection refused by proxy http://127.0.0.1:3128 (from HTTPS_PROXY)");
  EXPECT_EQ(out.what.find("hunter2"), std::string::npos);
  out = outcome(Poco::Net::HostNotFoundException("Host not found", "127.0.0.1"), exchange);
  EXPECT_NE(out.what.find("of proxy http://127.0.0.1:3128"), std::string::npos) << out.what;
}

TEST(AwsTransportFailure, a_proxy_refusing_the_tunnel_is_permanent) {
  auto exchange = exchange_to();
  exchange.proxy = proxy();
  auto out = outcome(Poco::Net::HTTPException("Cannot establish proxy connection",
                                              "Proxy Authentication Required"),
                     exchange);
  EXPECT_EQ(out.what, "proxy http://127.0.0.1:3128 (from HTTPS_PROXY) refused the tunnel to "
                      "sts.example.com:8443: Proxy Authentication Required");
  EXPECT_TRUE(out.permanent);
  EXPECT_EQ(out.hint, "check the user name and password in HTTPS_PROXY");
  exchange.proxy->password.clear();
  out = outcome(Poco::Net::HTTPException("Cannot establish proxy connection", "Forbidden"),
                exchange);
  EXPECT_NE(out.hint.find("NO_PROXY"), std::string::npos) << out.hint;
}

TEST(AwsTransportFailure, timeouts_say_which_step_ran_out_of_time) {
  auto exchange = exchange_to();
  EXPECT_EQ(outcome(Poco::TimeoutException(), exchange).what,
            "no connection to https://sts.example.com:8443 within 5s");
  exchange.handshaking = true;
  EXPECT_EQ(outcome(Poco::TimeoutException(), exchange).what,
            "no TLS handshake from https://sts.example.com:8443 within 5s");
  exchange.handshaking = false;
  exchange.connected = true;
  EXPECT_EQ(outcome(Poco::TimeoutException(), exchange).what,
            "no answer from https://sts.example.com:8443 within 2.5s");
  exchange.received = 12;
  EXPECT_EQ(outcome(Poco::TimeoutException(), exchange).what,
            "the answer from https://sts.example.com:8443 was still incomplete after 2.5s "
            "(12 bytes of its body arrived)");
}

TEST(AwsTransportFailure, certificate_problems_are_permanent_and_name_the_trusted_cas) {
  auto exchange = exchange_to();
  exchange.certificate_problem = "self-signed certificate in certificate chain";
  auto out = outcome(Poco::Net::SSLException("error:0A000086:SSL routines::certificate verify "
                                             "failed"),
                     exchange);
  EXPECT_EQ(out.what, "TLS certificate verify failed for https://sts.example.com:8443: "
                      "self-signed certificate in certificate chain (CAs of the system store)");
  EXPECT_TRUE(out.permanent);
  EXPECT_NE(out.hint.find("AWS_CA_BUNDLE"), std::string::npos);

  exchange.ca_bundle = "/etc/corp.pem";
  exchange.ca_bundle_origin = "AWS_CA_BUNDLE";
  out = outcome(Poco::Net::SSLException("certificate verify failed"), exchange);
  EXPECT_NE(out.what.find("(CAs from AWS_CA_BUNDLE=/etc/corp.pem)"), std::string::npos);

  exchange.certificate_problem.clear();
  out =
      outcome(Poco::Net::CertificateValidationException("Unacceptable certificate"), exchange);
  EXPECT_EQ(out.what,
            "the TLS certificate of https://sts.example.com:8443 is not valid for the "
            "host name sts.example.com");
  EXPECT_TRUE(out.permanent);
}

TEST(AwsTransportFailure, tls_reason_drops_openssl_boilerplate) {
  EXPECT_EQ(
      aws::tls_reason(Poco::Net::SSLException("error:0A00010B:SSL routines::wrong version "
                                              "number")),
      "wrong version number");
  EXPECT_EQ(aws::tls_reason(Poco::Net::SSLException(
                "error:1408F10B:SSL routines:ssl3_get_record:wrong version number")),
            "wrong version number");
  EXPECT_EQ(aws::tls_reason(Poco::Net::SSLException("plain words")), "plain words");
}

TEST(AwsTransportFailure, http_level_failures_after_connecting) {
  auto exchange = exchange_to("http://127.0.0.1:5000");
  exchange.connected = true;
  EXPECT_EQ(outcome(Poco::Net::MessageException("Invalid HTTP version string"), exchange).what,
            "http://127.0.0.1:5000 did not answer with HTTP (Invalid HTTP version string)");
  EXPECT_EQ(outcome(Poco::Net::NoMessageException(), exchange).what,
            "http://127.0.0.1:5000 closed the connection without answering");
  EXPECT_EQ(outcome(Poco::Net::ConnectionResetException(), exchange).what,
            "connection reset by http://127.0.0.1:5000 before it answered");
  exchange.received = 10;
  EXPECT_EQ(outcome(Poco::Net::ConnectionResetException(), exchange).what,
            "connection reset by http://127.0.0.1:5000 while it answered");
  exchange.proxy = proxy();
  EXPECT_EQ(outcome(Poco::Net::ConnectionResetException(), exchange).what,
            "connection reset by http://127.0.0.1:5000 through proxy http://127.0.0.1:3128 "
            "(from HTTPS_PROXY) while it answered");
}
