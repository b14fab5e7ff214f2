#include "awsx/aws/xml_document.hpp"

#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>
#include <Poco/SAX/XMLReader.h>

#include "awsx/util/strings.hpp"

namespace awsx::aws::xml {

namespace {

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

} // namespace

std::optional<Document> parse(std::string_view body) {
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

std::string text_under(const Document& doc, const std::string& parent,
                       const std::string& child) {
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

std::string describe_garbage(std::string_view body, const std::string& service) {
  if (body.empty())
    return "an empty body";
  const auto start = util::trim(body.substr(0, 200));
  if (util::to_lower(start).find("<html") != std::string::npos ||
      util::to_lower(start).find("<!doctype html") != std::string::npos)
    return "an HTML page" + html_title(body);
  return "a body that is not an " + service + " XML document";
}

std::optional<std::string> unexpected_root(const Document& doc, const std::string& expected) {
  const auto* root = doc->documentElement();
  const std::string name = root == nullptr ? "" : root->localName();
  if (name == expected)
    return std::nullopt;
  if (util::to_lower(name) == "html")
    return "an HTML page";
  return "a <" + name + "> document";
}

} // namespace awsx::aws::xml
