#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace awsx::util {

// A JSON object: awsx's one JSON reader and writer, small enough for the cached-exec fast
// path. Keyring entries are strict (string and integer members only); documents from
// outside (container endpoint, SSO portal and token cache, credential_process) are read
// leniently, keeping what their parsers must tell apart: absent, null, string, number.
class FlatObject {
public:
  // What a member holds; `integer` is a number written without fraction or exponent,
  // whatever its size, and `number` one written with them.
  enum class Kind { null, boolean, integer, number, string, object, array };
  using Value = std::variant<std::string, std::int64_t>;

  // Appends member `key` with `value`; keys are expected to be unique.
  FlatObject& set(std::string key, Value value);

  // What member `key` holds, or nullopt when there is no such member.
  std::optional<Kind> kind(std::string_view key) const;

  // True when member `key` exists, whatever its type (null included).
  bool has(std::string_view key) const { return kind(key).has_value(); }

  // The string member `key`, or nullopt when it is missing or not a string.
  std::optional<std::string> string(std::string_view key) const;

  // The integer member `key`, or nullopt when it is missing, not an integer or beyond int64.
  std::optional<std::int64_t> integer(std::string_view key) const;

  // The number member `key` (integer or not) as a double, or nullopt when it is missing or
  // not a number; a value past double's range is an infinity.
  std::optional<double> number(std::string_view key) const;

  // The number member `key` as written in the document, or nullopt when it is not a number.
  std::optional<std::string> number_text(std::string_view key) const;

  // The object member `key`, or null when it is missing or not an object.
  const FlatObject* object(std::string_view key) const;

  // The object as compact JSON, members in insertion order (bytes past ASCII unescaped).
  std::string dump() const;

  // Reads `text` as one object of string and integer (int64) members with nothing after
  // it, any bytes in strings: nullopt for anything else (nesting, floats, true/false/null,
  // duplicates, bad escapes, trailing data). For keyring entries.
  static std::optional<FlatObject> parse(std::string_view text);

  // Reads `text` as one JSON object as Python's json.loads would, members of any type,
  // nested at most 128 deep, strings in UTF-8; a repeated key keeps its last value, as
  // Poco's parser did. nullopt when `text` is not such an object. For outside documents.
  static std::optional<FlatObject> parse_lenient(std::string_view text);

private:
  struct Member {
    std::string key;
    Kind kind;
    std::string text; // a string's value, or a number as written
    std::shared_ptr<const FlatObject> object;
  };
  friend class FlatObjectReader;

  const Member* find(std::string_view key) const;

  std::vector<Member> members_;
};

// `text` as a JSON string literal, quotes included, escaped as Python's json.dumps does.
// With `ascii_only` (ensure_ascii) each code point past ASCII is a \uXXXX escape (a
// surrogate pair above U+FFFF) and a byte that is not UTF-8 the lone surrogate U+DC00+byte,
// as Python holds it after reading argv or the environment; without it, such bytes pass
// through unchanged.
std::string json_quote(std::string_view text, bool ascii_only = false);

} // namespace awsx::util
