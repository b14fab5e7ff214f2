#include "awsx/util/json_reader.hpp"

#include "awsx/util/utf8.hpp"

namespace awsx::util {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

} // namespace

void JsonReader::skip_space() {
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                 text_[pos_] == '\n' || text_[pos_] == '\r'))
    ++pos_;
}

char JsonReader::peek() {
  skip_space();
  return pos_ < text_.size() ? text_[pos_] : '\0';
}

bool JsonReader::consume(char c) {
  if (at_end() || peek() != c)
    return false;
  ++pos_;
  return true;
}

bool JsonReader::consume_word(std::string_view word) {
  skip_space();
  if (text_.substr(pos_, word.size()) != word)
    return false;
  pos_ += word.size();
  return true;
}

std::optional<std::string> JsonReader::string() {
  if (!consume('"'))
    return std::nullopt;
  std::string out;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '"') {
      ++pos_;
      return out;
    }
    if (static_cast<unsigned char>(c) < 0x20)
      return std::nullopt;
    if (!(c == '\\' ? append_escaped(out) : append_raw(out)))
      return std::nullopt;
  }
  return std::nullopt;
}

// Decodes the escape at the cursor (at its backslash) into `out`.
bool JsonReader::append_escaped(std::string& out) {
  if (text_.size() - pos_ < 2)
    return false;
  const char letter = text_[pos_ + 1];
  pos_ += 2;
  if (letter == '/') {
    out += '/';
    return true;
  }
  if (letter != 'u') {
    const auto index = json_escape_letters.find(letter);
    if (index == std::string_view::npos)
      return false;
    out += json_escaped[index];
    return true;
  }
  auto code = hex4();
  if (!code)
    return false;
  if (*code >= 0xD800 && *code < 0xDC00) {
    // A high surrogate must be followed by an escaped low one.
    if (text_.substr(pos_, 2) != "\\u")
      return false;
    pos_ += 2;
    const auto low = hex4();
    if (!low || *low < 0xDC00 || *low >= 0xE000)
      return false;
    code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
  } else if (*code >= 0xDC00 && *code < 0xE000) {
    return false;
  }
  append_utf8(*code, out);
  return true;
}

// Copies the unescaped character at the cursor: one byte, or one whole UTF-8 sequence.
bool JsonReader::append_raw(std::string& out) {
  if (!utf8_only_ || static_cast<unsigned char>(text_[pos_]) < 0x80) {
    out += text_[pos_++];
    return true;
  }
  const auto decoded = decode_utf8(text_, pos_);
  if (!decoded)
    return false;
  out.append(text_, pos_, decoded->length);
  pos_ += decoded->length;
  return true;
}

std::optional<std::string_view> JsonReader::number() {
  skip_space();
  const auto start = pos_;
  const auto digits = [&] {
    const auto first = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_]))
      ++pos_;
    return pos_ - first;
  };
  if (pos_ < text_.size() && text_[pos_] == '-')
    ++pos_;
  const auto integer_start = pos_;
  const auto integer_digits = digits();
  if (integer_digits == 0 || (text_[integer_start] == '0' && integer_digits > 1))
    return std::nullopt;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    if (digits() == 0)
      return std::nullopt;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
      ++pos_;
    if (digits() == 0)
      return std::nullopt;
  }
  return text_.substr(start, pos_ - start);
}

std::optional<char32_t> JsonReader::hex4() {
  if (text_.size() - pos_ < 4)
    return std::nullopt;
  char32_t code = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = text_[pos_++];
    code <<= 4;
    if (is_digit(c))
      code |= static_cast<char32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      code |= static_cast<char32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      code |= static_cast<char32_t>(c - 'A' + 10);
    else
      return std::nullopt;
  }
  return code;
}

} // namespace awsx::util
