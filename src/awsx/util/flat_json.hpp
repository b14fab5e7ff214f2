#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace awsx::util {

// A JSON object whose members are strings or integers: the only shape awsx stores in a
// keyring. Small enough to read on the cached-exec fast path without a JSON library.
class FlatObject {
public:
  using Value = std::variant<std::string, std::int64_t>;

  // Appends member `key`; keys are expected to be unique.
  FlatObject& set(std::string key, Value value);

  // The string member `key`, or nullopt when it is missing or not a string.
  std::optional<std::string> string(std::string_view key) const;

  // The integer member `key`, or nullopt when it is missing or not an integer.
  std::optional<std::int64_t> integer(std::string_view key) const;

  // True when member `key` exists, whatever its type.
  bool has(std::string_view key) const;

  // The object as compact JSON, members in insertion order.
  std::string dump() const;

  // Reads `text` as one object of string and integer members with nothing after it;
  // nullopt for anything else (nesting, floats, duplicates, bad escapes, trailing data).
  static std::optional<FlatObject> parse(std::string_view text);

private:
  const Value* find(std::string_view key) const;

  std::vector<std::pair<std::string, Value>> members_;
};

// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);

} // namespace awsx::util
