#include "awsx/output/formats.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/time.hpp"
#include "awsx/util/utf8.hpp"

namespace awsx::output {

namespace {

constexpr std::array<const char*, 9> names = {"env",         "env-no-export", "powershell",
                                              "windows-cmd", "fish",          "process",
                                              "json",        "dotenv",        "docker"};

using Vars = std::vector<std::pair<std::string, std::string>>;

// Real AWS credentials use only these characters; for them awsx writes what the AWS CLI writes.
bool plain(const std::string& value) {
  for (char c : value) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=' || c == '-' ||
                    c == '.' || c == ':' || c == '_';
    if (!ok)
      return false;
  }
  return !value.empty();
}

std::string posix_quote(const std::string& value) {
  if (plain(value))
    return value;
  std::string out = "'";
  for (char c : value)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string fish_quote(const std::string& value) {
  if (plain(value))
    return "\"" + value + "\"";
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

// A single-quoted PowerShell string: ' and U+2018 to U+201B, which PowerShell also takes
// for a single quote, are doubled, so none can end the string early.
std::string powershell_quote(const std::string& value) {
  if (plain(value))
    return "\"" + value + "\"";
  std::string out = "'";
  for (std::size_t i = 0; i < value.size();) {
    const auto decoded = util::decode_utf8(value, i);
    const std::size_t length = decoded ? decoded->length : 1;
    const bool quote = decoded && (decoded->code == U'\'' ||
                                   (decoded->code >= 0x2018 && decoded->code <= 0x201B));
    out.append(value, i, length);
    if (quote)
      out.append(value, i, length);
    i += length;
  }
  return out + "'";
}

std::string cmd_line(const std::string& name, const std::string& value) {
  if (plain(value))
    return "set " + name + "=" + value + "\n";
  for (char c : value)
    if (c == '"' || c == '%' || c == '\n' || c == '\r' || c == '!')
      throw Error("the value of " + name + " holds a character windows-cmd can't quote safely",
                  ExitCode::failure, "use --format powershell");
  return "set \"" + name + "=" + value + "\"\n";
}

std::string process_json(const creds::Session& session, bool with_context) {
  const auto& c = session.credentials;
  Vars fields{{"AccessKeyId", c.access_key_id}, {"SecretAccessKey", c.secret_access_key}};
  if (!c.session_token.empty())
    fields.emplace_back("SessionToken", c.session_token);
  if (c.expiration)
    fields.emplace_back("Expiration", util::format_iso8601(*c.expiration));
  if (with_context) {
    fields.emplace_back("Region", session.region);
    fields.emplace_back("Profile", session.profile);
  }
  // As Python's json.dumps(indent=2) with ensure_ascii, so that the bytes match the AWS CLI's.
  std::string out = "{\n  \"Version\": 1";
  for (const auto& [key, value] : fields)
    out += ",\n  " + util::json_quote(key, true) + ": " + util::json_quote(value, true);
  return out + "\n}\n";
}

Vars with_region(const creds::Session& session) {
  auto vars = credential_variables(session);
  if (!session.region.empty()) {
    vars.emplace_back("AWS_REGION", session.region);
    vars.emplace_back("AWS_DEFAULT_REGION", session.region);
  }
  return vars;
}

} // namespace

std::vector<std::pair<std::string, std::string>>
credential_variables(const creds::Session& session) {
  const auto& c = session.credentials;
  std::vector<std::pair<std::string, std::string>> vars{
      {"AWS_ACCESS_KEY_ID", c.access_key_id}, {"AWS_SECRET_ACCESS_KEY", c.secret_access_key}};
  if (!c.session_token.empty())
    vars.emplace_back("AWS_SESSION_TOKEN", c.session_token);
  if (c.expiration)
    vars.emplace_back("AWS_CREDENTIAL_EXPIRATION", util::format_iso8601(*c.expiration));
  return vars;
}

std::span<const char* const> format_names() {
  return names;
}

std::string render(const creds::Session& session, const std::string& format) {
  std::string out;
  if (format == "env" || format == "env-no-export") {
    const std::string prefix = format == "env" ? "export " : "";
    for (const auto& [name, value] : credential_variables(session))
      out += prefix + name + "=" + posix_quote(value) + "\n";
  } else if (format == "powershell") {
    for (const auto& [name, value] : credential_variables(session))
      out += "$Env:" + name + "=" + powershell_quote(value) + "\n";
  } else if (format == "windows-cmd") {
    for (const auto& [name, value] : credential_variables(session))
      out += cmd_line(name, value);
  } else if (format == "fish") {
    for (const auto& [name, value] : credential_variables(session))
      out += "set -gx " + name + " " + fish_quote(value) + "\n";
  } else if (format == "process" || format == "json") {
    out = process_json(session, format == "json");
  } else if (format == "dotenv") {
    // docker --env-file takes everything after '=' literally: no quoting is possible.
    for (const auto& [name, value] : with_region(session)) {
      if (value.find_first_of("\r\n") != std::string::npos)
        throw Error("the value of " + name + " holds a line break, which dotenv can't carry");
      out += name + "=" + value + "\n";
    }
  } else if (format == "docker") {
    out = "-e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN -e AWS_REGION "
          "-e AWS_DEFAULT_REGION -e AWS_CREDENTIAL_EXPIRATION\n";
  } else {
    check_format(format);
  }
  return out;
}

void check_format(const std::string& format) {
  if (std::find(names.begin(), names.end(), format) != names.end())
    return;
  std::string valid;
  for (const char* name : names)
    valid += (valid.empty() ? "" : ", ") + std::string(name);
  throw UsageError("unknown format \"" + format + "\"", "use one of " + valid);
}

} // namespace awsx::output
