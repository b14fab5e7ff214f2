#include "awsx/aws/sts_xml.hpp"

#include "awsx/aws/xml_document.hpp"
#include "awsx/util/time.hpp"

namespace awsx::aws {

using xml::text_under;
using xml::unexpected_root;

util::Result<Credentials> parse_sts_credentials(std::string_view body, const std::string& action) {
  const auto doc = xml::parse(body);
  if (!doc)
    return util::fail("got " + xml::describe_garbage(body, "STS") + " instead of an " + action + " response");
  if (auto other = unexpected_root(*doc, action + "Response"))
    return util::fail("got " + *other + " instead of an " + action + " response");
  Credentials creds;
  creds.access_key_id = text_under(*doc, "Credentials", "AccessKeyId");
  creds.secret_access_key = text_under(*doc, "Credentials", "SecretAccessKey");
  creds.session_token = text_under(*doc, "Credentials", "SessionToken");
  const auto expiration = text_under(*doc, "Credentials", "Expiration");
  if (creds.access_key_id.empty() || creds.secret_access_key.empty() || creds.session_token.empty())
    return util::fail("the " + action + " response has no complete <Credentials> element");
  creds.expiration = util::parse_iso8601(expiration);
  if (!creds.expiration)
    return util::fail("the " + action + " response has an unreadable Expiration \"" + expiration + "\"");
  return creds;
}

util::Result<CallerIdentity> parse_caller_identity(std::string_view body) {
  const auto doc = xml::parse(body);
  if (!doc)
    return util::fail("got " + xml::describe_garbage(body, "STS") + " instead of a GetCallerIdentity response");
  if (auto other = unexpected_root(*doc, "GetCallerIdentityResponse"))
    return util::fail("got " + *other + " instead of a GetCallerIdentity response");
  CallerIdentity id;
  id.account = text_under(*doc, "GetCallerIdentityResult", "Account");
  id.arn = text_under(*doc, "GetCallerIdentityResult", "Arn");
  id.user_id = text_under(*doc, "GetCallerIdentityResult", "UserId");
  if (id.arn.empty())
    return util::fail("the GetCallerIdentity response has no Arn");
  return id;
}

std::optional<ServiceFault> parse_service_fault(std::string_view body) {
  const auto doc = xml::parse(body);
  if (!doc)
    return std::nullopt;
  ServiceFault fault{text_under(*doc, "Error", "Code"), text_under(*doc, "Error", "Message")};
  if (fault.code.empty())
    return std::nullopt;
  return fault;
}

} // namespace awsx::aws
