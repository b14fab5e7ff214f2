#include "awsx/aws/sts_xml.hpp"

#include <Poco/DOM/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>
#include <Poco/SAX/XMLReader.h>

#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::aws {

namespace {

using Document = Poco::AutoPtr<Poco::XML::Document>;

// Parses `body` with external entities off, so a hostile endpoint can't make us read files.
std::optional<Document> parse_xml(std::string_view body) {
  try {
    Poco::XML::DOMParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
    return Document(parser.parseMemory(body.data(), body.size()));
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// The text of the first `child` element under the first `parent` element, or "".
std::string text_under(const Document& doc, const std::string& parent, const std::string& child) {
  Poco::AutoPtr<Poco::XML::NodeList> parents = doc->getElementsByTagName(parent);
  for (unsigned long i = 0; i < parents->length(); ++i) {
    auto* element = dynamic_cast<Poco::XML::Element*>(parents->item(i));
    if (element == nullptr)
      continue;
    if (auto* found = element->getChildElement(child))
      return std::string(util::trim(found->innerText()));
  }
  return {};
}

// ` titled "..."` for an HTML page with a <title>, so that a captive portal names itself;
// only printable ASCII of it, and not much.
std::string html_title(std::string_view body) {
  const auto lower = util::to_lower(body.substr(0, 4096));
  const auto open = lower.find("<title>");
  const auto close = lower.find("</title>", open);
  if (open == std::string::npos || close == std::string::npos)
    return {};
  std::string title;
  for (const char c : body.substr(open + 7, close - open - 7)) {
    const bool shown = c > ' ' && c < 0x7f && c != '"';
    if (shown)
      title += c;
    else if (!title.empty() && title.back() != ' ')
      title += ' ';
  }
  if (title.size() > 80)
    title = title.substr(0, 80) + "...";
  while (!title.empty() && title.back() == ' ')
    title.pop_back();
  return title.empty() ? "" : " titled \"" + title + "\"";
}

std::string describe_garbage(std::string_view body) {
  if (body.empty())
    return "an empty body";
  const auto start = util::trim(body.substr(0, 200));
  if (util::to_lower(start).find("<html") != std::string::npos ||
      util::to_lower(start).find("<!doctype html") != std::string::npos)
    return "an HTML page" + html_title(body);
  return "a body that is not an STS XML document";
}

// Names what a well-formed document that is not the `expected` response is.
std::optional<std::string> unexpected_root(const Document& doc, const std::string& expected) {
  const auto* root = doc->documentElement();
  const std::string name = root == nullptr ? "" : root->localName();
  if (name == expected)
    return std::nullopt;
  if (util::to_lower(name) == "html")
    return "an HTML page";
  return "a <" + name + "> document";
}

} // namespace

util::Result<Credentials> parse_sts_credentials(std::string_view body, const std::string& action) {
  const auto doc = parse_xml(body);
  if (!doc)
    return util::fail("got " + describe_garbage(body) + " instead of an " + action + " response");
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
  const auto doc = parse_xml(body);
  if (!doc)
    return util::fail("got " + describe_garbage(body) + " instead of a GetCallerIdentity response");
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
  const auto doc = parse_xml(body);
  if (!doc)
    return std::nullopt;
  ServiceFault fault{text_under(*doc, "Error", "Code"), text_under(*doc, "Error", "Message")};
  if (fault.code.empty())
    return std::nullopt;
  return fault;
}

} // namespace awsx::aws
