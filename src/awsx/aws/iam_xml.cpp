#include "awsx/aws/iam_xml.hpp"

#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>

#include "awsx/aws/xml_document.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

// The document `body` when it is the `action` response, else why not.
util::Result<xml::Document> response_of(std::string_view body, const std::string& action) {
  auto doc = xml::parse(body);
  if (!doc)
    return util::fail("got " + xml::describe_garbage(body, "IAM") + " instead of an " + action +
                      " response");
  if (auto other = xml::unexpected_root(*doc, action + "Response"))
    return util::fail("got " + *other + " instead of an " + action + " response");
  return std::move(*doc);
}

// The trimmed text of `element`'s child `name`, or "".
std::string child_text(const Poco::XML::Element& element, const std::string& name) {
  const auto* child = element.getChildElement(name);
  return child == nullptr ? "" : std::string(util::trim(child->innerText()));
}

} // namespace

util::Result<IamUser> parse_iam_user(std::string_view body) {
  auto doc = response_of(body, "GetUser");
  if (!doc)
    return util::fail(doc.error());
  IamUser user{xml::text_under(*doc, "User", "UserName"), xml::text_under(*doc, "User", "Arn")};
  if (user.arn.empty())
    return util::fail("the GetUser response has no <User><Arn>");
  return user;
}

util::Result<std::vector<AccessKeyInfo>> parse_access_keys(std::string_view body) {
  auto doc = response_of(body, "ListAccessKeys");
  if (!doc)
    return util::fail(doc.error());
  std::vector<AccessKeyInfo> keys;
  Poco::AutoPtr<Poco::XML::NodeList> lists = (*doc)->getElementsByTagName("AccessKeyMetadata");
  for (unsigned long i = 0; i < lists->length(); ++i) {
    auto* list = dynamic_cast<Poco::XML::Element*>(lists->item(i));
    if (list == nullptr)
      continue;
    Poco::AutoPtr<Poco::XML::NodeList> members = list->getElementsByTagName("member");
    for (unsigned long m = 0; m < members->length(); ++m) {
      auto* member = dynamic_cast<Poco::XML::Element*>(members->item(m));
      if (member == nullptr)
        continue;
      AccessKeyInfo key{child_text(*member, "AccessKeyId"), child_text(*member, "Status")};
      if (!looks_like_access_key_id(key.id))
        return util::fail("the ListAccessKeys response has a member without a readable "
                          "AccessKeyId");
      keys.push_back(std::move(key));
    }
  }
  return keys;
}

util::Result<Credentials> parse_created_key(std::string_view body) {
  auto doc = response_of(body, "CreateAccessKey");
  if (!doc)
    return util::fail(doc.error());
  Credentials keys;
  keys.access_key_id = xml::text_under(*doc, "AccessKey", "AccessKeyId");
  keys.secret_access_key = xml::text_under(*doc, "AccessKey", "SecretAccessKey");
  if (!looks_like_access_key_id(keys.access_key_id) || keys.secret_access_key.empty())
    return util::fail("the CreateAccessKey response has no complete <AccessKey> element");
  return keys;
}

} // namespace awsx::aws
