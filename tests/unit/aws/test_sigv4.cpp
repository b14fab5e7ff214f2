#include "awsx/aws/sigv4.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace awsx::aws {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path suite_dir = fs::path(AWSX_TEST_DATA_DIR) / "aws-sigv4-testsuite";

// Every case in the suite is signed at 20150830T123600Z.
SigningScope suite_scope() {
  const auto day = std::chrono::sys_days{std::chrono::year{2015} / 8 / 30};
  return {"us-east-1", "service", day + 12h + 36min};
}

Credentials suite_credentials(std::string session_token = {}) {
  return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::move(session_token),
          std::nullopt};
}

// get-vanilla-with-session-token signs a token its .req lacks: the signer is meant to add
// it, so it reaches sign() through the credentials. (post-sts-header-before carries its
// token in the .req; post-sts-header-after adds it only after signing, i.e. unsigned.)
std::string suite_session_token(const std::string& name) {
  if (name == "get-vanilla-with-session-token")
    return "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  return {};
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void parse_request_line(std::string_view line, HttpRequest& request) {
  // The target may hold raw spaces (normalize-path/get-space), so split at the outer ones.
  const auto first = line.find(' ');
  const auto last = line.rfind(' ');
  if (first == std::string_view::npos || first == last)
    throw std::runtime_error("bad request line: " + std::string(line));
  request.method = line.substr(0, first);
  const auto target = line.substr(first + 1, last - first - 1);
  const auto question = target.find('?');
  request.path = target.substr(0, question);
  request.query = question == std::string_view::npos ? "" : target.substr(question + 1);
}

// Parses a raw HTTP/1.1 request as the suite writes it: request line, headers with
// obs-fold continuation lines, a blank line, then the body.
HttpRequest parse_request(std::string_view text) {
  HttpRequest request;
  std::size_t pos = 0;
  bool first_line = true;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    auto line = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty()) {
      request.body = text.substr(pos);
      break;
    }
    if (first_line) {
      parse_request_line(line, request);
      first_line = false;
    } else if (line.front() == ' ' || line.front() == '\t') {
      // RFC 7230 3.2.4: a folded line continues the previous value after one space.
      if (request.headers.empty())
        throw std::runtime_error("continuation line before any header");
      request.headers.back().second += " " + std::string(line);
    } else {
      const auto colon = line.find(':');
      if (colon == std::string_view::npos)
        throw std::runtime_error("header without a colon: " + std::string(line));
      request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    }
  }
  request.host = request.header("Host");
  return request;
}

// Case names relative to the suite, e.g. "get-vanilla" or "normalize-path/get-slash": any
// folder holding `<folder>.req`, at any depth.
std::vector<std::string> discover_cases() {
  std::vector<std::string> cases;
  if (!fs::is_directory(suite_dir))
    return cases;
  for (const auto& entry : fs::recursive_directory_iterator(suite_dir)) {
    const fs::path& dir = entry.path();
    if (entry.is_directory() && fs::exists(dir / (dir.filename().string() + ".req")))
      cases.push_back(fs::relative(dir, suite_dir).generic_string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// The suite's expected output for case `name` with extension `ext`, e.g. ".creq".
std::string expected(const std::string& name, const std::string& ext) {
  const fs::path dir = suite_dir / name;
  return read_text(dir / (dir.filename().string() + ext));
}

class Sigv4Suite : public testing::TestWithParam<std::string> {};

TEST_P(Sigv4Suite, matches_canonical_request_string_to_sign_and_authorization) {
  const std::string& name = GetParam();
  const auto credentials = suite_credentials(suite_session_token(name));
  HttpRequest request = parse_request(expected(name, ".req"));
  sign(request, credentials, suite_scope());

  const std::string creq = canonical_request(request);
  EXPECT_EQ(creq, expected(name, ".creq"));
  EXPECT_EQ(string_to_sign(creq, suite_scope()), expected(name, ".sts"));
  EXPECT_EQ(request.header("Authorization"), expected(name, ".authz"));
  EXPECT_EQ(authorization_header(request, credentials, suite_scope()),
            expected(name, ".authz"));
}

// Test names may hold only letters, digits and underscores.
std::string case_id(const testing::TestParamInfo<std::string>& param) {
  std::string id = param.param;
  std::replace_if(
      id.begin(), id.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return id;
}

INSTANTIATE_TEST_SUITE_P(AwsTestSuite, Sigv4Suite, testing::ValuesIn(discover_cases()),
                         case_id);

TEST(Sigv4SuiteDiscovery, finds_every_case_including_nested_folders) {
  const auto cases = discover_cases();
  std::cout << "aws-sigv4-testsuite: " << cases.size() << " cases\n";
  for (const auto& name : cases)
    std::cout << "  " << name << "\n";
  EXPECT_GE(cases.size(), 30u);
  EXPECT_NE(std::find(cases.begin(), cases.end(), "normalize-path/get-slashes"), cases.end());
  EXPECT_NE(std::find(cases.begin(), cases.end(), "post-sts-token/post-sts-header-before"),
            cases.end());
}

HttpRequest sts_request() {
  HttpRequest request;
  request.method = "POST";
  request.host = "sts.amazonaws.com";
  request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  request.headers = {{"Host", "sts.amazonaws.com"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  return request;
}

const SigningScope sts_scope{"us-east-1", "sts",
                             std::chrono::sys_days{std::chrono::year{2024} / 5 / 7}};

// Line `index` (from 0) of `text`.
std::string line_of(const std::string& text, std::size_t index) {
  std::istringstream in(text);
  std::string line;
  for (std::size_t i = 0; i <= index; ++i)
    std::getline(in, line);
  return line;
}

TEST(Sigv4, session_token_is_sent_and_signed) {
  HttpRequest request = sts_request();
  sign(request, suite_credentials("FwoGZXIvYXdzEXAMPLE"), sts_scope);
  EXPECT_EQ(request.header("X-Amz-Security-Token"), "FwoGZXIvYXdzEXAMPLE");
  EXPECT_NE(request.header("Authorization")
                .find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"),
            std::string::npos);
  EXPECT_NE(canonical_request(request).find("\nx-amz-security-token:FwoGZXIvYXdzEXAMPLE\n"),
            std::string::npos);
}

TEST(Sigv4, long_term_keys_send_no_token) {
  HttpRequest request = sts_request();
  sign(request, suite_credentials(), sts_scope);
  EXPECT_EQ(request.header("X-Amz-Security-Token"), "");
  EXPECT_NE(request.header("Authorization").find("SignedHeaders=content-type;host;x-amz-date,"),
            std::string::npos);
}

TEST(Sigv4, signing_is_deterministic_and_repeatable) {
  HttpRequest first = sts_request();
  HttpRequest second = sts_request();
  sign(first, suite_credentials("token"), sts_scope);
  sign(second, suite_credentials("token"), sts_scope);
  EXPECT_EQ(first.header("Authorization"), second.header("Authorization"));
  EXPECT_EQ(first.header("X-Amz-Date"), "20240507T000000Z");

  // Signing again must neither sign the old signature nor duplicate any header.
  const auto headers_before = first.headers.size();
  sign(first, suite_credentials("token"), sts_scope);
  EXPECT_EQ(first.header("Authorization"), second.header("Authorization"));
  EXPECT_EQ(first.headers.size(), headers_before);
}

TEST(Sigv4, host_defaults_to_authority_with_port) {
  HttpRequest request;
  request.scheme = "http";
  request.host = "127.0.0.1";
  request.port = 5000;
  sign(request, suite_credentials(), sts_scope);
  EXPECT_EQ(request.header("Host"), "127.0.0.1:5000");
  EXPECT_NE(canonical_request(request).find("\nhost:127.0.0.1:5000\n"), std::string::npos);
}

TEST(Sigv4, query_key_without_equals_gets_empty_value) {
  HttpRequest request;
  request.host = "example.amazonaws.com";
  request.query = "b&a=%7e+1&&c=";
  EXPECT_EQ(line_of(canonical_request(request), 2), "a=~%2B1&b=&c=");
}

TEST(Sigv4, path_is_normalized_then_encoded_once_more) {
  HttpRequest request;
  request.host = "example.amazonaws.com";
  request.path = "/a%20b//c/./d/../";
  EXPECT_EQ(line_of(canonical_request(request), 1), "/a%2520b/c/");
}

} // namespace
} // namespace awsx::aws
