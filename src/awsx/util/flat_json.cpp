#include "awsx/util/flat_json.hpp"

#include <algorithm>
#include <charconv>

#include "awsx/util/utf8.hpp"

namespace awsx::util {

namespace {

// A cursor over the text; every read returns false (or nullopt) at malformed input.
class Reader {
public:
  explicit Reader(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool at_end() const { return pos_ == text_.size(); }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  bool consume(char c) {
    skip_space();
    if (peek() != c)
      return false;
    ++pos_;
    return true;
  }

  std::optional<std::string> string() {
    if (!consume('"'))
      return std::nullopt;
    std::string out;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"')
        return out;
      if (static_cast<unsigned char>(c) < 0x20)
        return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ == text_.size())
        return std::nullopt;
      const char escape = text_[pos_++];
      switch (escape) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        auto code = hex4();
        if (!code)
          return std::nullopt;
        if (*code >= 0xD800 && *code < 0xDC00) {
          // A high surrogate must be followed by an escaped low one.
          if (text_.substr(pos_, 2) != "\\u")
            return std::nullopt;
          pos_ += 2;
          const auto low = hex4();
          if (!low || *low < 0xDC00 || *low >= 0xE000)
            return std::nullopt;
          code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
        } else if (*code >= 0xDC00 && *code < 0xE000) {
          return std::nullopt;
        }
        append_utf8(*code, out);
        break;
      }
      default: return std::nullopt;
      }
    }
    return std::nullopt;
  }

  std::optional<std::int64_t> integer() {
    skip_space();
    const auto start = pos_;
    if (peek() == '-')
      ++pos_;
    const auto digits = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
      ++pos_;
    if (pos_ == digits || (text_[digits] == '0' && pos_ - digits > 1))
      return std::nullopt;
    std::int64_t value = 0;
    const auto* first = text_.data() + start;
    const auto* last = text_.data() + pos_;
    const auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc() || end != last)
      return std::nullopt;
    return value;
  }

private:
  std::optional<std::uint32_t> hex4() {
    if (text_.size() - pos_ < 4)
      return std::nullopt;
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9')
        code |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        code |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        code |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    return code;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

} // namespace

FlatObject& FlatObject::set(std::string key, Value value) {
  members_.emplace_back(std::move(key), std::move(value));
  return *this;
}

const FlatObject::Value* FlatObject::find(std::string_view key) const {
  const auto it = std::find_if(members_.begin(), members_.end(),
                               [&](const auto& member) { return member.first == key; });
  return it == members_.end() ? nullptr : &it->second;
}

std::optional<std::string> FlatObject::string(std::string_view key) const {
  const auto* value = find(key);
  if (value == nullptr || !std::holds_alternative<std::string>(*value))
    return std::nullopt;
  return std::get<std::string>(*value);
}

std::optional<std::int64_t> FlatObject::integer(std::string_view key) const {
  const auto* value = find(key);
  if (value == nullptr || !std::holds_alternative<std::int64_t>(*value))
    return std::nullopt;
  return std::get<std::int64_t>(*value);
}

bool FlatObject::has(std::string_view key) const {
  return find(key) != nullptr;
}

std::string FlatObject::dump() const {
  std::string out = "{";
  for (const auto& [key, value] : members_) {
    if (out.size() > 1)
      out += ',';
    out += json_quote(key);
    out += ':';
    if (const auto* text = std::get_if<std::string>(&value))
      out += json_quote(*text);
    else
      out += std::to_string(std::get<std::int64_t>(value));
  }
  return out + "}";
}

std::optional<FlatObject> FlatObject::parse(std::string_view text) {
  Reader in(text);
  if (!in.consume('{'))
    return std::nullopt;
  FlatObject object;
  if (!in.consume('}')) {
    do {
      auto key = in.string();
      if (!key || !in.consume(':') || object.has(*key))
        return std::nullopt;
      in.skip_space();
      if (in.peek() == '"') {
        auto value = in.string();
        if (!value)
          return std::nullopt;
        object.set(std::move(*key), std::move(*value));
      } else {
        auto value = in.integer();
        if (!value)
          return std::nullopt;
        object.set(std::move(*key), *value);
      }
    } while (in.consume(','));
    if (!in.consume('}'))
      return std::nullopt;
  }
  in.skip_space();
  if (!in.at_end())
    return std::nullopt;
  return object;
}

std::string json_quote(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20) {
      out += "\\u00";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

} // namespace awsx::util
