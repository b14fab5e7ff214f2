#include "awsx/server/http_reply.hpp"

#include <Poco/JSON/Object.h>

#include <ctime>
#include <sstream>

namespace awsx::server {

std::string_view reason_phrase(int status) {
  switch (status) {
  case 200: return "OK";
  case 400: return "Bad Request";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 408: return "Request Timeout";
  case 413: return "Content Too Large";
  case 431: return "Request Header Fields Too Large";
  case 500: return "Internal Server Error";
  case 503: return "Service Unavailable";
  case 505: return "HTTP Version Not Supported";
  default: return "Unknown";
  }
}

namespace {

// The Date header's value, formatted once per second: under load the endpoint answers
// tens of thousands of requests per second, and formatting a date each time shows.
const std::string& http_date() {
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[64];
    const auto length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    cached.assign(text, length);
    cached_second = now;
  }
  return cached;
}

} // namespace

std::string serialize(const Reply& reply, bool keep_alive) {
  const bool open = keep_alive && !reply.close;
  std::string out;
  out.reserve(200 + reply.extra_headers.size() + reply.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(reply.status);
  out += ' ';
  out += reason_phrase(reply.status);
  out += "\r\nDate: ";
  out += http_date();
  out += "\r\nContent-Type: application/json\r\nContent-Length: ";
  out += std::to_string(reply.body.size());
  // Credentials must never sit in a cache between the SDK and the endpoint.
  out += "\r\nCache-Control: no-store\r\nConnection: ";
  out += open ? "keep-alive" : "close";
  out += "\r\n";
  out += reply.extra_headers;
  out += "\r\n";
  out += reply.body;
  return out;
}

Reply message_reply(int status, const std::string& message) {
  Poco::JSON::Object doc;
  doc.set("message", message);
  std::ostringstream out;
  doc.stringify(out);
  return Reply{status, out.str(), {}, false};
}

} // namespace awsx::server
