#include "awsx/util/flat_json.hpp"

#include <algorithm>
#include <charconv>

#include "awsx/util/json_reader.hpp"
#include "awsx/util/utf8.hpp"

namespace awsx::util {

namespace {

// Poco's parser, which read these documents before, refused deeper nesting.
constexpr int max_depth = 128;

std::optional<std::int64_t> to_int64(std::string_view text) {
  std::int64_t value = 0;
  const auto* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(text.data(), last, value);
  if (error != std::errc() || end != last)
    return std::nullopt;
  return value;
}

bool integral(std::string_view number) {
  return number.find_first_of(".eE") == std::string_view::npos;
}

// Appends `code` (at most 0xFFFF) to `out` as a \uXXXX escape in lowercase hex, as Python.
void append_u_escape(char32_t code, std::string& out) {
  static constexpr char digits[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4)
    out += digits[(code >> shift) & 0xFu];
}

} // namespace

// Reads one object, in the strict or the lenient mode (see FlatObject::parse*).
class FlatObjectReader {
public:
  FlatObjectReader(std::string_view text, bool lenient)
      : in_(text, lenient), lenient_(lenient) {}

  std::optional<FlatObject> document() {
    auto object = this->object(1);
    if (!object)
      return std::nullopt;
    in_.skip_space();
    if (!in_.at_end())
      return std::nullopt;
    return object;
  }

private:
  using Member = FlatObject::Member;
  using Kind = FlatObject::Kind;

  std::optional<FlatObject> object(int depth) {
    if (depth > max_depth || !in_.consume('{'))
      return std::nullopt;
    FlatObject object;
    if (in_.consume('}'))
      return object;
    do {
      auto key = in_.string();
      if (!key || !in_.consume(':'))
        return std::nullopt;
      auto member = value(depth);
      if (!member)
        return std::nullopt;
      member->key = std::move(*key);
      auto& members = object.members_;
      const auto same = std::find_if(members.begin(), members.end(),
                                     [&](const Member& m) { return m.key == member->key; });
      if (same == members.end())
        members.push_back(std::move(*member));
      else if (lenient_)
        *same = std::move(*member);
      else
        return std::nullopt;
    } while (in_.consume(','));
    if (!in_.consume('}'))
      return std::nullopt;
    return object;
  }

  // A member's value (its key left empty); the strict mode takes strings and int64 only.
  std::optional<Member> value(int depth) {
    const char next = in_.peek();
    if (next == '"') {
      auto text = in_.string();
      return text ? std::optional<Member>(Member{{}, Kind::string, std::move(*text), {}})
                  : std::nullopt;
    }
    if (next == '-' || (next >= '0' && next <= '9')) {
      const auto number = in_.number();
      if (!number)
        return std::nullopt;
      const Kind kind = integral(*number) ? Kind::integer : Kind::number;
      if (!lenient_ && (kind != Kind::integer || !to_int64(*number)))
        return std::nullopt;
      return Member{{}, kind, std::string(*number), {}};
    }
    if (!lenient_)
      return std::nullopt;
    if (next == '{') {
      auto nested = object(depth + 1);
      if (!nested)
        return std::nullopt;
      return Member{{}, Kind::object, {}, std::make_shared<FlatObject>(std::move(*nested))};
    }
    if (next == '[') {
      const auto start = in_.position();
      if (!skip_array(depth + 1))
        return std::nullopt;
      return Member{{}, Kind::array, std::string(in_.since(start)), {}};
    }
    for (const auto& [word, kind] :
         {std::pair{"null", Kind::null}, std::pair{"true", Kind::boolean},
          std::pair{"false", Kind::boolean}})
      if (in_.consume_word(word))
        return Member{{}, kind, word, {}};
    return std::nullopt;
  }

  // Checks an array and its elements; nothing in one is ever needed.
  bool skip_array(int depth) {
    if (depth > max_depth || !in_.consume('['))
      return false;
    if (in_.consume(']'))
      return true;
    do {
      if (!value(depth))
        return false;
    } while (in_.consume(','));
    return in_.consume(']');
  }

  JsonReader in_;
  bool lenient_;
};

FlatObject& FlatObject::set(std::string key, Value value) {
  if (auto* text = std::get_if<std::string>(&value))
    members_.push_back({std::move(key), Kind::string, std::move(*text), {}});
  else
    members_.push_back(
        {std::move(key), Kind::integer, std::to_string(std::get<std::int64_t>(value)), {}});
  return *this;
}

const FlatObject::Member* FlatObject::find(std::string_view key) const {
  const auto it = std::find_if(members_.begin(), members_.end(),
                               [&](const Member& member) { return member.key == key; });
  return it == members_.end() ? nullptr : &*it;
}

std::optional<FlatObject::Kind> FlatObject::kind(std::string_view key) const {
  const auto* member = find(key);
  return member ? std::optional(member->kind) : std::nullopt;
}

std::optional<std::string> FlatObject::string(std::string_view key) const {
  const auto* member = find(key);
  if (member == nullptr || member->kind != Kind::string)
    return std::nullopt;
  return member->text;
}

std::optional<std::int64_t> FlatObject::integer(std::string_view key) const {
  const auto* member = find(key);
  if (member == nullptr || member->kind != Kind::integer)
    return std::nullopt;
  return to_int64(member->text);
}

std::optional<std::string> FlatObject::number_text(std::string_view key) const {
  const auto* member = find(key);
  if (member == nullptr || (member->kind != Kind::integer && member->kind != Kind::number))
    return std::nullopt;
  return member->text;
}

const FlatObject* FlatObject::object(std::string_view key) const {
  const auto* member = find(key);
  return member != nullptr && member->kind == Kind::object ? member->object.get() : nullptr;
}

std::string FlatObject::dump() const {
  std::string out = "{";
  for (const auto& member : members_) {
    if (out.size() > 1)
      out += ',';
    out += json_quote(member.key);
    out += ':';
    if (member.kind == Kind::string)
      out += json_quote(member.text);
    else if (member.kind == Kind::object)
      out += member.object->dump();
    else
      out += member.text;
  }
  return out + "}";
}

std::optional<FlatObject> FlatObject::parse(std::string_view text) {
  return FlatObjectReader(text, false).document();
}

std::optional<FlatObject> FlatObject::parse_lenient(std::string_view text) {
  return FlatObjectReader(text, true).document();
}

std::string json_quote(std::string_view text, bool ascii_only) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    char32_t code = byte;
    std::size_t length = 1;
    if (byte >= 0x80 && ascii_only) {
      const auto decoded = decode_utf8(text, i);
      code = decoded ? decoded->code : 0xDC00 + byte;
      length = decoded ? decoded->length : 1;
    }
    const auto escape =
        code < 0x80 ? json_escaped.find(static_cast<char>(code)) : std::string_view::npos;
    if (escape != std::string_view::npos) {
      out += '\\';
      out += json_escape_letters[escape];
    } else if (code >= 0x10000) {
      append_u_escape(0xD800 + ((code - 0x10000) >> 10), out);
      append_u_escape(0xDC00 + ((code - 0x10000) & 0x3FF), out);
    } else if (code < 0x20 || (ascii_only && code >= 0x7f)) {
      append_u_escape(code, out);
    } else {
      out.append(text, i, length);
    }
    i += length;
  }
  return out + "\"";
}

} // namespace awsx::util
