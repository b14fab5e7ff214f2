#include "awsx/util/time.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include "awsx/util/strings.hpp"

namespace awsx::util {

namespace {

std::tm to_utc(TimePoint time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

// Every caller passes a literal pattern; the warning can't see through the parameter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
std::string format(TimePoint time, const char* pattern) {
  const std::tm tm = to_utc(time);
  char buffer[64];
  const auto n = std::strftime(buffer, sizeof buffer, pattern, &tm);
  return std::string(buffer, n);
}
#pragma GCC diagnostic pop

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size() || !is_digits(text.substr(pos, len)))
    return false;
  out = 0;
  for (std::size_t i = pos; i < pos + len; ++i)
    out = out * 10 + (text[i] - '0');
  return true;
}

} // namespace

std::string format_amz_date(TimePoint time) { return format(time, "%Y%m%dT%H%M%SZ"); }

std::string format_iso8601(TimePoint time) { return format(time, "%Y-%m-%dT%H:%M:%S+00:00"); }

std::string format_iso8601_z(TimePoint time) { return format(time, "%Y-%m-%dT%H:%M:%SZ"); }

std::optional<TimePoint> parse_iso8601(std::string_view text) {
  text = trim(text);
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_int(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !read_int(text, 5, 2, month) || text[7] != '-' || !read_int(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !read_int(text, 11, 2, hour) || text[13] != ':' || !read_int(text, 14, 2, minute) ||
      text[16] != ':' || !read_int(text, 17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60)
    return std::nullopt;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
  }
  long offset = 0;
  const auto zone = text.substr(pos);
  if (zone == "Z" || zone == "z" || zone.empty()) {
    // UTC; botocore treats a zone-less timestamp as UTC too.
  } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':') {
    int oh = 0, om = 0;
    if (!read_int(zone, 1, 2, oh) || !read_int(zone, 4, 2, om))
      return std::nullopt;
    offset = (oh * 3600L + om * 60L) * (zone[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t t = timegm(&tm) - offset;
  return from_epoch_millis(static_cast<double>(t) * 1000.0);
}

std::optional<TimePoint> from_epoch_millis(double millis) {
  // system_clock counts nanoseconds in 64 bits, from 1677 to 2262. A later expiry (helpers
  // write 9999 for "never") becomes the latest time it holds; an earlier one is no expiry.
  constexpr auto latest = std::chrono::floor<std::chrono::seconds>(TimePoint::max());
  constexpr double latest_millis = 1000.0 * static_cast<double>(latest.time_since_epoch().count());
  if (std::isnan(millis) || millis <= -latest_millis)
    return std::nullopt;
  if (millis >= latest_millis)
    return latest;
  return TimePoint(std::chrono::milliseconds(static_cast<std::int64_t>(millis)));
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  text = trim(text);
  if (text.empty())
    return std::nullopt;
  if (is_digits(text)) {
    if (text.size() > 9)
      return std::nullopt;
    return std::chrono::seconds(std::stol(std::string(text)));
  }
  long total = 0;
  long number = -1;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      number = (number < 0 ? 0 : number) * 10 + (c - '0');
      if (number > 100000000)
        return std::nullopt;
      continue;
    }
    if (number < 0)
      return std::nullopt;
    switch (c) {
    case 'h': total += number * 3600; break;
    case 'm': total += number * 60; break;
    case 's': total += number; break;
    default: return std::nullopt;
    }
    number = -1;
  }
  if (number >= 0)
    return std::nullopt; // trailing digits without a unit, e.g. "1h30"
  return std::chrono::seconds(total);
}

std::string format_remaining(std::chrono::seconds seconds) {
  const long s = seconds.count() < 0 ? 0 : seconds.count();
  char buffer[32];
  if (s >= 3600)
    std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60)
    std::snprintf(buffer, sizeof buffer, "%ldm", s / 60);
  else
    std::snprintf(buffer, sizeof buffer, "%lds", s);
  return buffer;
}

} // namespace awsx::util
