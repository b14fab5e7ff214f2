#include "awsx/aws/transport_env.hpp"

#include "awsx/aws/url.hpp"
#include "awsx/config/ini.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

struct Variable {
  std::string value;
  std::string name;
};

// Python's getproxies_environment() for one scheme: the uppercase variable first, then
// the lowercase one, which wins when set and removes the setting when set but empty.
Variable proxy_variable(const util::Environment& env, const std::string& scheme) {
  const std::string lower = scheme + "_proxy";
  std::string upper = lower;
  for (auto& c : upper)
    c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  Variable found;
  const bool cgi = env.get("REQUEST_METHOD").has_value();
  if (auto value = env.get_nonempty(upper); value && !(cgi && scheme == "http"))
    found = {*value, upper};
  if (auto value = env.get(lower))
    found = value->empty() ? Variable{} : Variable{*value, lower};
  return found;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// urllib.parse.unquote: %XX becomes the byte, anything else stays as written.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string host_of(const std::string& authority) {
  if (!authority.empty() && authority.front() == '[')
    return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.rfind(':'));
}

bool ends_with_label(const std::string& name, const std::string& suffix) {
  return name.size() > suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         name[name.size() - suffix.size() - 1] == '.';
}

} // namespace

std::string ProxyUrl::text() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ProxySettings proxy_settings_from(const util::Environment& env) {
  const auto https = proxy_variable(env, "https");
  const auto http = proxy_variable(env, "http");
  return {https.value, http.value, proxy_variable(env, "no").value, https.name, http.name};
}

bool bypasses_proxy(const std::string& authority, const std::string& no_proxy) {
  if (no_proxy == "*")
    return true;
  const auto full = util::to_lower(authority);
  const auto host = host_of(full);
  for (const auto& raw : util::split(no_proxy, ',')) {
    std::string entry(util::trim(raw));
    entry.erase(0, entry.find_first_not_of('.'));
    entry = util::to_lower(entry);
    if (entry.empty())
      continue;
    if (host == entry || full == entry || ends_with_label(host, entry) ||
        ends_with_label(full, entry))
      return true;
  }
  return false;
}

ProxyUrl parse_proxy_url(const std::string& text, const std::string& origin) {
  std::string url(util::trim(text));
  if (url.starts_with("//"))
    url = "http:" + url;
  else if (url.find("://") == std::string::npos)
    url = "http://" + url;
  const auto scheme = util::to_lower(url.substr(0, url.find("://")));
  const auto shown = [&] {
    // The variable's value may hold a password; show only where it came from.
    return origin + " (" + scheme + "://...)";
  };
  if (scheme == "https")
    throw ConfigError("the proxy in " + shown() +
                          " is an https:// URL; awsx talks to proxies "
                          "over plain http (TLS to STS still runs end to end through CONNECT)",
                      "use http:// in " + origin);
  const auto parsed = parse_url(url);
  if (scheme != "http" || !parsed)
    throw ConfigError("the proxy in " + origin + " is not an http://host:port URL",
                      "fix or unset " + origin);
  ProxyUrl proxy{parsed->host, parsed->port, {}, {}, origin};
  const auto rest = url.substr(url.find("://") + 3);
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string::npos) {
    const auto userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    proxy.username = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string::npos)
      proxy.password = percent_decode(userinfo.substr(colon + 1));
  }
  return proxy;
}

std::optional<ProxyUrl> proxy_for(const ProxySettings& settings, const std::string& scheme,
                                  const std::string& authority) {
  const bool https = scheme == "https";
  const auto& url = https ? settings.https_proxy : settings.http_proxy;
  if (url.empty() || bypasses_proxy(authority, settings.no_proxy))
    return std::nullopt;
  return parse_proxy_url(url, https ? settings.https_origin : settings.http_origin);
}

TransportOptions transport_options_from(const util::Environment& env,
                                        const config::Section* profile) {
  TransportOptions options;
  if (auto timeout = env.get_nonempty("AWSX_HTTP_TIMEOUT")) {
    if (!util::is_digits(*timeout) || timeout->size() > 4 || std::stoi(*timeout) == 0)
      throw UsageError("AWSX_HTTP_TIMEOUT=" + *timeout + " is not a whole number of seconds");
    options.connect_timeout = options.read_timeout = std::chrono::seconds(std::stoi(*timeout));
  }
  if (auto bundle = env.get_nonempty("AWS_CA_BUNDLE")) {
    options.ca_bundle = *bundle;
    options.ca_bundle_origin = "AWS_CA_BUNDLE";
  } else if (profile != nullptr) {
    if (const auto* setting = profile->find("ca_bundle"); setting != nullptr) {
      options.ca_bundle = profile->get("ca_bundle").value_or("");
      options.ca_bundle_origin = "ca_bundle of profile " + profile->name + " (" +
                                 *setting->file + ":" + std::to_string(setting->line) + ")";
    }
  }
  return options;
}

} // namespace awsx::aws
