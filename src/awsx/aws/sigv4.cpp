#include "awsx/aws/sigv4.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "awsx/util/error.hpp"
#include "awsx/util/sha256.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::aws {

namespace {

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// Returns raw bytes (not hex) because each step of the key derivation keys the next.
std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(),
           out, &size) == nullptr)
    throw Error("cannot compute HMAC-SHA256 with OpenSSL; check the OpenSSL installation");
  return std::string(reinterpret_cast<const char*>(out), size);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// Malformed escapes stay literal: the server sees the same bytes and will encode them alike.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Non-S3 services sign the path as sent, encoded once more, after RFC 3986 dot-segment
// removal; empty segments go too, so "//a//" signs as "/a/".
std::string canonical_uri(std::string_view path) {
  const auto segments = util::split(path, '/');
  std::vector<std::string> kept;
  for (const auto& segment : segments) {
    if (segment.empty() || segment == ".")
      continue;
    if (segment == "..") {
      if (!kept.empty())
        kept.pop_back();
      continue;
    }
    kept.push_back(util::uri_encode(segment));
  }
  std::string out;
  for (const auto& segment : kept)
    out += "/" + segment;
  // As in RFC 3986, "/a/b/.." leaves a directory, "/a/", not the file "/a".
  const auto& last = segments.back();
  if (out.empty() || last.empty() || last == "." || last == "..")
    out += '/';
  return out;
}

// Decoding first makes "%7E" and "~" (or "%2f" and "%2F") sign the same; sorting happens on
// the encoded form, which is what the server compares.
std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& piece : util::split(query, '&')) {
    if (piece.empty())
      continue;
    const std::string_view view = piece;
    const auto equals = view.find('=');
    std::string key = util::uri_encode(percent_decode(view.substr(0, equals)));
    std::string value = equals == std::string_view::npos
                            ? std::string()
                            : util::uri_encode(percent_decode(view.substr(equals + 1)));
    params.emplace_back(std::move(key), std::move(value));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params)
    out.append(out.empty() ? "" : "&").append(key).append("=").append(value);
  return out;
}

// Proxies may re-fold or re-space a header, so only its words are signed.
std::string canonical_value(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : util::trim(value)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = true;
      continue;
    }
    if (pending_space)
      out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// True for the lowercased header `name`s botocore leaves out of a signature: hop-by-hop
// headers and the User-Agent, which proxies may rewrite.
bool unsigned_header(std::string_view name) {
  static constexpr std::string_view names[] = {"connection",
                                               "expect",
                                               "keep-alive",
                                               "proxy-authenticate",
                                               "proxy-authorization",
                                               "te",
                                               "trailer",
                                               "transfer-encoding",
                                               "upgrade",
                                               "user-agent",
                                               "x-amzn-trace-id"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// Lowercased names in byte order; repeated headers keep their order, joined by commas.
std::map<std::string, std::string> canonical_headers(const HttpRequest& request) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    auto key = util::to_lower(name);
    // A signature cannot cover itself, and skipping it lets a request be signed again;
    // the others may be changed or dropped by a proxy, so botocore never signs them.
    if (key == "authorization" || unsigned_header(key))
      continue;
    auto [it, inserted] = headers.try_emplace(std::move(key), canonical_value(value));
    if (!inserted)
      it->second += "," + canonical_value(value);
  }
  // Every transport sends Host, so it is always signed even when the caller left it out.
  headers.try_emplace("host", request.authority());
  return headers;
}

struct Canonical {
  std::string text;
  std::string signed_headers;
};

Canonical canonicalize(const HttpRequest& request) {
  Canonical out;
  std::string header_block;
  for (const auto& [name, value] : canonical_headers(request)) {
    header_block.append(name).append(":").append(value).append("\n");
    out.signed_headers.append(out.signed_headers.empty() ? "" : ";").append(name);
  }
  out.text = request.method + "\n" + canonical_uri(request.path) + "\n" +
             canonical_query(request.query) + "\n" + header_block + "\n" + out.signed_headers +
             "\n" + util::sha256_hex(request.body);
  return out;
}

std::string credential_scope(const SigningScope& scope) {
  const std::string day = util::format_amz_date(scope.time).substr(0, 8);
  return day + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

std::string signature(const std::string& secret, const SigningScope& scope,
                      const std::string& to_sign) {
  const std::string day = util::format_amz_date(scope.time).substr(0, 8);
  std::string key = hmac_sha256("AWS4" + secret, day);
  key = hmac_sha256(key, scope.region);
  key = hmac_sha256(key, scope.service);
  key = hmac_sha256(key, "aws4_request");
  return util::to_hex(hmac_sha256(key, to_sign));
}

} // namespace

std::string canonical_request(const HttpRequest& request) {
  return canonicalize(request).text;
}

std::string string_to_sign(const std::string& canonical_request, const SigningScope& scope) {
  return std::string(algorithm) + "\n" + util::format_amz_date(scope.time) + "\n" +
         credential_scope(scope) + "\n" + util::sha256_hex(canonical_request);
}

std::string authorization_header(const HttpRequest& request, const Credentials& credentials,
                                 const SigningScope& scope) {
  const Canonical canonical = canonicalize(request);
  const std::string to_sign = string_to_sign(canonical.text, scope);
  return std::string(algorithm) + " Credential=" + credentials.access_key_id + "/" +
         credential_scope(scope) + ", SignedHeaders=" + canonical.signed_headers +
         ", Signature=" + signature(credentials.secret_access_key, scope, to_sign);
}

void sign(HttpRequest& request, const Credentials& credentials, const SigningScope& scope) {
  request.set_header("X-Amz-Date", util::format_amz_date(scope.time));
  // Set explicitly so the Host sent is byte for byte the Host signed.
  if (request.header("Host").empty())
    request.set_header("Host", request.authority());
  // Signed rather than appended afterwards: services accept a signed token, STS included.
  if (credentials.temporary())
    request.set_header("X-Amz-Security-Token", credentials.session_token);
  request.set_header("Authorization", authorization_header(request, credentials, scope));
}

} // namespace awsx::aws
