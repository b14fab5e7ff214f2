#include "awsx/aws/endpoint.hpp"

#include "awsx/aws/region.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

bool truthy(const std::string& value) { return util::to_lower(util::trim(value)) == "true"; }

ServiceEndpoint make(const std::string& text, const std::string& region, std::string origin) {
  auto url = parse_url(text);
  if (!url)
    throw ConfigError("STS endpoint \"" + redacted_url(text) + "\" from " + origin +
                      " is not an http(s) URL; fix or unset it");
  return {*url, region, std::move(origin)};
}

} // namespace

std::string ServiceEndpoint::text() const {
  const bool default_port =
      (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
  const bool v6 = url.host.find(':') != std::string::npos;
  const auto host = v6 ? "[" + url.host + "]" : url.host;
  return url.scheme + "://" + host + (default_port ? "" : ":" + std::to_string(url.port));
}

ServiceEndpoint resolve_sts_endpoint(const util::Environment& env, const config::ConfigFiles* files,
                                     const config::Section* profile, const std::string& region_in) {
  const std::string region = region_in.empty() ? "us-east-1" : region_in;
  bool ignore_configured = false;
  if (auto flag = env.get_nonempty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
    ignore_configured = truthy(*flag);
  else if (profile != nullptr)
    ignore_configured = truthy(profile->get("ignore_configured_endpoint_urls").value_or(""));

  if (!ignore_configured) {
    if (auto url = env.get_nonempty("AWS_ENDPOINT_URL_STS"))
      return make(*url, region, "AWS_ENDPOINT_URL_STS");
    if (auto url = env.get_nonempty("AWS_ENDPOINT_URL"))
      return make(*url, region, "AWS_ENDPOINT_URL");
    if (profile != nullptr && files != nullptr) {
      if (auto services_name = profile->get("services")) {
        auto it = files->services.find(*services_name);
        if (it != files->services.end()) {
          if (const auto* sts = it->second.find("sts")) {
            auto nested = sts->nested.find("endpoint_url");
            if (nested != sts->nested.end())
              return make(nested->second, region,
                          "[services " + *services_name + "] sts.endpoint_url (" + *sts->file + ")");
          }
        }
      }
      if (const auto* url = profile->find("endpoint_url"))
        return make(url->value, region,
                    "endpoint_url of profile " + profile->name + " (" + *url->file + ":" +
                        std::to_string(url->line) + ")");
    }
  }
  // The planner checked the region against where it came from; this is the last guard
  // before it becomes part of a host name.
  check_region_name(region, "the region");
  return make("https://sts." + region + "." + dns_suffix(region), region, "regional endpoint");
}

} // namespace awsx::aws
