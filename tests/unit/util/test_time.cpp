#include <gtest/gtest.h>

#include "awsx/util/time.hpp"

using namespace awsx::util;
using namespace std::chrono_literals;

namespace {
TimePoint at(std::time_t t) { return std::chrono::system_clock::from_time_t(t); }
} // namespace

TEST(UtilTime, formats_as_the_aws_cli_does) {
  // 2026-01-02T03:04:05Z
  const auto t = at(1767323045);
  EXPECT_EQ(format_iso8601(t), "2026-01-02T03:04:05+00:00");
  EXPECT_EQ(format_iso8601_z(t), "2026-01-02T03:04:05Z");
  EXPECT_EQ(format_amz_date(t), "20260102T030405Z");
}

TEST(UtilTime, parses_zulu_offsets_and_fractions) {
  EXPECT_EQ(parse_iso8601("2026-01-02T03:04:05Z"), at(1767323045));
  EXPECT_EQ(parse_iso8601("2026-01-02T03:04:05.123Z"), at(1767323045));
  EXPECT_EQ(parse_iso8601("2026-01-02T03:04:05+00:00"), at(1767323045));
  EXPECT_EQ(parse_iso8601("2026-01-02T05:04:05+02:00"), at(1767323045));
  EXPECT_EQ(parse_iso8601("2026-01-02T03:04:05"), at(1767323045));
}

TEST(UtilTime, rejects_malformed_timestamps) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("2026-13-02T03:04:05Z"));
  EXPECT_FALSE(parse_iso8601("2026-01-02 03:04"));
  EXPECT_FALSE(parse_iso8601("2026-01-02T03:04:05+0200"));
  EXPECT_FALSE(parse_iso8601("garbage-garbage-garbage"));
}

TEST(UtilTime, expiry_past_2262_is_the_latest_time_system_clock_holds) {
  // fuzz/corpus/fuzz_json/crash-expiration-year-7377.json: converting to nanoseconds
  // overflowed (undefined behaviour), so a far-future Expiration became an arbitrary time.
  const auto latest = std::chrono::floor<std::chrono::seconds>(TimePoint::max());
  EXPECT_EQ(parse_iso8601("7377-01-02T03:04:05Z"), latest);
  EXPECT_EQ(parse_iso8601("9999-12-31T23:59:59Z"), latest);
  EXPECT_EQ(format_iso8601_z(latest), "2262-04-11T23:47:16Z");
  EXPECT_EQ(parse_iso8601("2262-01-01T00:00:00Z"), at(9214646400));
  EXPECT_EQ(parse_iso8601("1678-01-01T00:00:00Z"), at(-9214560000));
  EXPECT_FALSE(parse_iso8601("1600-01-01T00:00:00Z"));
}

TEST(UtilTime, parses_durations_with_units) {
  EXPECT_EQ(parse_duration("12h"), 43200s);
  EXPECT_EQ(parse_duration("90m"), 5400s);
  EXPECT_EQ(parse_duration("1h30m"), 5400s);
  EXPECT_EQ(parse_duration("3600"), 3600s);
  EXPECT_EQ(parse_duration("45s"), 45s);
}

TEST(UtilTime, rejects_bad_durations) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("h"));
  EXPECT_FALSE(parse_duration("1h30"));
  EXPECT_FALSE(parse_duration("12d"));
  EXPECT_FALSE(parse_duration("-5m"));
}

TEST(UtilTime, formats_remaining_time_for_prompts) {
  EXPECT_EQ(format_remaining(42120s), "11h42m");
  EXPECT_EQ(format_remaining(240s), "4m");
  EXPECT_EQ(format_remaining(-5s), "0s");
}
