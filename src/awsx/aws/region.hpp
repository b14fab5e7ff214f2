#pragma once

#include <string>
#include <string_view>

namespace awsx::aws {

// True when `region` may become one label of a host name, by botocore's
// validate_region_name: ASCII letters, digits and '-', 1 to 63 of them, not all digits,
// no '-' at either end. Anything else (a '.', '@', '/', ':') could steer a signed
// request to another host.
bool valid_region_name(std::string_view region);

// Throws ConfigError unless `region` is a valid region name; the message quotes the
// value printably and names `origin`, e.g. "AWS_REGION" or "region of profile prod
// (~/.aws/config:3)".
void check_region_name(const std::string& region, const std::string& origin);

// The DNS suffix of the partition `region` belongs to: amazonaws.com.cn for cn-*,
// amazonaws.eu for eusc-*, else amazonaws.com.
std::string dns_suffix(std::string_view region);

} // namespace awsx::aws
