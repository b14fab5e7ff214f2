#include "awsx/creds/credential_process.hpp"

#include <optional>
#include <utility>

#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/time.hpp"

namespace awsx::creds {

namespace {

// Real output is a few hundred bytes; the cap stops a runaway command from eating memory.
constexpr std::size_t max_output = std::size_t{64} * 1024;

using Kind = util::FlatObject::Kind;

// A field's value when it is a string; `present` tells absent (or null) from non-string.
std::optional<std::string> string_field(const util::FlatObject& object, std::string_view name,
                                        bool& present) {
  const auto kind = object.kind(name);
  present = kind && *kind != Kind::null;
  return object.string(name);
}

// Says what is wrong with Version; the value is safe to quote, it is never a secret.
std::optional<std::string> version_problem(const util::FlatObject& object) {
  const auto kind = object.kind("Version");
  if (!kind || *kind == Kind::null)
    return "Version is missing; it must be the number 1";
  if (const auto text = object.string("Version"))
    return "Version is the string \"" + text->substr(0, 16) +
           "\"; it must be the number 1, without quotes";
  if (*kind != Kind::integer)
    return "Version must be the integer 1";
  // Compared as written: an integer may be past any machine type.
  if (const auto number = object.number_text("Version").value_or(""); number != "1")
    return "Version " + number.substr(0, 40) + " is not supported; it must be 1";
  return std::nullopt;
}

} // namespace

util::Result<aws::Credentials> parse_credential_process_output(const std::string& json) {
  const auto object = util::FlatObject::parse_lenient(json);
  // Never echo the parser's message or the text: a half-valid document holds secrets.
  if (!object)
    return util::fail(json.find_first_not_of(" \t\r\n") == std::string::npos
                          ? "the output is empty; it must be a JSON object"
                          : "the output is not a JSON object");
  if (auto problem = version_problem(*object))
    return util::fail(*problem);

  aws::Credentials creds;
  bool present = false;
  for (const auto& [field, target] : {std::pair{"AccessKeyId", &creds.access_key_id},
                                      std::pair{"SecretAccessKey", &creds.secret_access_key}}) {
    auto value = string_field(*object, field, present);
    if (!present)
      return util::fail(std::string(field) + " is missing");
    if (!value || value->empty())
      return util::fail(std::string(field) + " must be a non-empty string");
    *target = std::move(*value);
  }
  // Optional, as in botocore: long-term keys from a vault have neither.
  if (auto token = string_field(*object, "SessionToken", present))
    creds.session_token = std::move(*token);
  else if (present)
    return util::fail("SessionToken must be a string");
  if (auto expiration = string_field(*object, "Expiration", present)) {
    creds.expiration = util::parse_iso8601(*expiration);
    if (!creds.expiration)
      return util::fail("Expiration \"" + expiration->substr(0, 40) +
                        "\" is not an ISO 8601 timestamp such as 2026-01-02T03:04:05Z");
  } else if (present) {
    return util::fail("Expiration must be an ISO 8601 timestamp string");
  }
  return creds;
}

aws::Credentials run_credential_process(const ProfileCommand& command,
                                        const process::Supervision& how) {
  const auto output = run_profile_command(command, how, max_output, "one JSON object");
  auto creds = parse_credential_process_output(output);
  if (!creds)
    throw CredentialError(
        "profile " + command.profile + ": credential_process output: " + creds.error(),
        "it must print {\"Version\": 1, \"AccessKeyId\": ..., "
        "\"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": ...}");
  return std::move(creds).value();
}

} // namespace awsx::creds
