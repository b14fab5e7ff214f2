#pragma once

#include <string>
#include <string_view>

namespace awsx::server {

// One answer of the credential endpoint, before it is turned into bytes.
struct Reply {
  int status = 200;
  std::string body;          // JSON
  std::string extra_headers; // complete "Name: value\r\n" lines, e.g. Allow
  bool close = false;        // end the connection after this answer
};

// The standard reason phrase for HTTP status `status` ("Forbidden" for 403), so the
// status line never pairs a code with another code's phrase.
std::string_view reason_phrase(int status);

// The bytes of `reply` on the wire: status line, Date, Content-Type, Content-Length,
// Cache-Control, Connection (`keep_alive` unless the reply closes), the extra headers
// and the body.
std::string serialize(const Reply& reply, bool keep_alive);

// A Reply whose body is {"message": `message`} with status `status`.
Reply message_reply(int status, const std::string& message);

} // namespace awsx::server
