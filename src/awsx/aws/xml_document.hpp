#pragma once

#include <Poco/DOM/AutoPtr.h>
#include <Poco/DOM/Document.h>

#include <optional>
#include <string>
#include <string_view>

// Reading the XML documents of AWS Query APIs (STS, IAM): parsing without external
// entities, the text of one element, and naming what came instead of a response.
namespace awsx::aws::xml {

using Document = Poco::AutoPtr<Poco::XML::Document>;

// Parses `body` with external entities off, so a hostile endpoint can't make us read
// files; nullopt when it is not well-formed XML.
std::optional<Document> parse(std::string_view body);

// The trimmed text of the first `child` element under the first `parent` element of `doc`
// that has one, or "".
std::string text_under(const Document& doc, const std::string& parent,
                       const std::string& child);

// Names what `body`, which did not parse, is instead of a `service` (e.g. "STS") XML
// document: "an empty body", "an HTML page titled ...", ...
std::string describe_garbage(std::string_view body, const std::string& service);

// Names what the well-formed `doc` is when its root is not `expected`, or nullopt.
std::optional<std::string> unexpected_root(const Document& doc, const std::string& expected);

} // namespace awsx::aws::xml
