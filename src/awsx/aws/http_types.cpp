#include "awsx/aws/http_types.hpp"

#include <algorithm>

#include "awsx/util/strings.hpp"
#include "awsx/util/version.hpp"

namespace awsx::aws {

namespace {

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && util::to_lower(a) == util::to_lower(b);
}

std::string find_header(const std::vector<Header>& headers, const std::string& name) {
  for (const auto& [key, value] : headers)
    if (same_name(key, name))
      return value;
  return {};
}

} // namespace

std::string HttpRequest::header(const std::string& name) const {
  return find_header(headers, name);
}

void HttpRequest::set_header(const std::string& name, const std::string& value) {
  std::erase_if(headers, [&](const Header& h) { return same_name(h.first, name); });
  headers.emplace_back(name, value);
}

std::string HttpRequest::authority() const {
  const bool default_port =
      port == 0 || (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? name : name + ":" + std::to_string(port);
}

std::string HttpResponse::header(const std::string& name) const {
  return find_header(headers, name);
}

std::string user_agent() {
  return std::string("awsx/") + awsx::version;
}

HttpRequest form_post(const Url& url, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.scheme = url.scheme;
  request.host = url.host;
  request.port = url.port;
  request.path = url.path;
  request.headers = {{"Host", request.authority()},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"User-Agent", user_agent()}};
  request.body = std::move(body);
  return request;
}

} // namespace awsx::aws
