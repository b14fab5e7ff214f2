#include <charconv>
#include <limits>

#include "awsx/util/flat_json.hpp"

// Apart from flat_json.cpp: std::from_chars for a double needs libm (the rounding mode),
// and the front-end, which reads keyring entries with FlatObject, must not load it.

namespace awsx::util {

namespace {

// `number` (valid JSON) as a double; past the range, an infinity or a zero, as Python reads it.
double to_double(std::string_view number) {
  double value = 0;
  const auto [end, error] =
      std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc::result_out_of_range)
    return value;
  const auto exponent = number.find_first_of("eE");
  const bool tiny = exponent != std::string_view::npos && number[exponent + 1] == '-';
  const double magnitude = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  return number.front() == '-' ? -magnitude : magnitude;
}

} // namespace

std::optional<double> FlatObject::number(std::string_view key) const {
  const auto text = number_text(key);
  return text ? std::optional(to_double(*text)) : std::nullopt;
}

} // namespace awsx::util
