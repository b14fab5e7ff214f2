#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "awsx/util/clock.hpp"

namespace awsx::util {

// `time` as `YYYYMMDDTHHMMSSZ`, the SigV4 x-amz-date form.
std::string format_amz_date(TimePoint time);

// `time` as `YYYY-MM-DDTHH:MM:SS+00:00`, the form the AWS CLI writes.
std::string format_iso8601(TimePoint time);

// `time` as `YYYY-MM-DDTHH:MM:SSZ`.
std::string format_iso8601_z(TimePoint time);

// Parses an ISO 8601 timestamp `text` (`Z`, `+HH:MM` offsets and fractions accepted); a
// time after 2262, where system_clock ends, gives its latest second.
std::optional<TimePoint> parse_iso8601(std::string_view text);

// The time `millis` milliseconds after the epoch, clamped as parse_iso8601 clamps: past
// 2262 it is the latest second the clock holds; nullopt before 1677 or for NaN.
std::optional<TimePoint> from_epoch_millis(double millis);

// Parses a duration `text` such as `12h`, `90m`, `1h30m`, `45s` or plain seconds `3600`.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// `seconds` as a short human form such as `11h42m` or `4m`.
std::string format_remaining(std::chrono::seconds seconds);

} // namespace awsx::util
