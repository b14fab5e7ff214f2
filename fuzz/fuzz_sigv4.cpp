// Fuzzes SigV4 canonicalisation and signing. Input is a raw HTTP/1.1 request as the AWS
// SigV4 test suite writes its .req files: request line, headers (indented lines continue
// the previous one), a blank line, then the body; nothing in it is rejected.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "awsx/aws/sigv4.hpp"
#include "awsx/util/sha256.hpp"
#include "fuzz_support.hpp"

namespace {

using awsx::aws::HttpRequest;

// The next line of `text` from `pos`, without its "\n" or "\r\n"; moves `pos` past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const auto end = std::min(text.find('\n', pos), text.size());
  std::string_view line = text.substr(pos, end - pos);
  pos = end + 1;
  if (line.ends_with('\r'))
    line.remove_suffix(1);
  return line;
}

void read_request_line(std::string_view line, HttpRequest& request) {
  // The target may hold raw spaces, so it runs from the first space to the last one.
  const auto first = line.find(' ');
  const auto last = line.rfind(' ');
  request.method = line.substr(0, first);
  if (first == std::string_view::npos)
    return;
  const auto target = line.substr(first + 1, last == first ? std::string_view::npos : last - first - 1);
  const auto question = target.find('?');
  request.path = target.substr(0, question);
  request.query = question == std::string_view::npos ? "" : target.substr(question + 1);
}

HttpRequest read_request(std::string_view text) {
  HttpRequest request;
  request.host = "example.amazonaws.com";
  std::size_t pos = 0;
  read_request_line(next_line(text, pos), request);
  while (pos < text.size()) {
    const std::string_view line = next_line(text, pos);
    if (line.empty())
      break;
    if ((line[0] == ' ' || line[0] == '\t') && !request.headers.empty()) {
      (request.headers.back().second += '\n') += line;
      continue;
    }
    const auto colon = line.find(':');
    request.headers.emplace_back(line.substr(0, colon), colon == std::string_view::npos
                                                            ? std::string_view()
                                                            : line.substr(colon + 1));
  }
  if (pos < text.size())
    request.body = text.substr(pos);
  if (const auto host = request.header("Host"); !host.empty())
    request.host = host;
  return request;
}

// The suite's date and scope, so that its requests make meaningful seeds.
awsx::aws::SigningScope suite_scope() {
  using namespace std::chrono;
  return {"us-east-1", "service", sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36}};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using awsx::fuzz::require;
  HttpRequest request = read_request(awsx::fuzz::as_text(data, size));

  const std::string canonical = awsx::aws::canonical_request(request);
  require(canonical.starts_with(request.method + "\n"), "the canonical request starts with the method");
  require(canonical.ends_with("\n" + awsx::util::sha256_hex(request.body)),
          "the canonical request ends with the body's hash");

  const awsx::aws::Credentials credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                           "session-token", std::nullopt};
  awsx::aws::sign(request, credentials, suite_scope());
  const std::string first = request.header("Authorization");
  require(first.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"),
          "the Authorization header names the algorithm and the scope");
  // Authorization is left out of the canonical form, so signing twice changes nothing.
  awsx::aws::sign(request, credentials, suite_scope());
  require(request.header("Authorization") == first, "signing a signed request again is a no-op");
  return 0;
}
