#include "awsx/config/config_files.hpp"

#include <algorithm>
#include <cerrno>
#include <functional>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "awsx/config/source_chain.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/shell_words.hpp"

namespace awsx::config {

const Section* ConfigFiles::profile(const std::string& name) const {
  const auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

std::vector<std::string> ConfigFiles::profile_names() const {
  std::vector<std::string> names;
  names.reserve(profiles.size());
  for (const auto& entry : profiles)
    names.push_back(entry.first);
  return names; // std::map already keeps them sorted
}

namespace {

// Lambdas rather than functions so that the std::find_if calls below inline them.
constexpr auto is_shell_blank = [](char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
};
constexpr auto is_shell_special = [](char c) { return c == '"' || c == '\'' || c == '\\'; };

// botocore's _parse_section only checks that the header starts with the prefix and has
// exactly two shell words, so [profileX foo] defines profile "foo" too; nullopt when the
// header does not have two words.
std::optional<std::string> second_word(std::string_view header) {
  if (std::none_of(header.begin(), header.end(), is_shell_special)) {
    // Without quotes or escapes the words are just runs of non-blanks; this path avoids
    // util::shell_split's allocations for the thousands of ordinary headers.
    const auto first_end = std::find_if(header.begin(), header.end(), is_shell_blank);
    const auto second = std::find_if_not(first_end, header.end(), is_shell_blank);
    const auto second_end = std::find_if(second, header.end(), is_shell_blank);
    if (second == header.end() ||
        std::find_if_not(second_end, header.end(), is_shell_blank) != header.end())
      return std::nullopt;
    return std::string(second, second_end);
  }
  auto words = util::shell_split(header);
  if (!words || words->size() != 2)
    return std::nullopt;
  return std::move((*words)[1]);
}

// What a config-file section defines, as build() files it.
enum class Kind { profile, sso_session, services, other };

Kind kind_of(std::string_view header) {
  if (header.starts_with("profile") || header == "default")
    return Kind::profile;
  if (header.starts_with("sso-session"))
    return Kind::sso_session;
  if (header.starts_with("services"))
    return Kind::services;
  return Kind::other;
}

// The name a config-file header defines, or nullopt when botocore ignores the section.
std::optional<std::string> name_of(std::string_view header) {
  if (header == "default")
    return std::string(header);
  if (kind_of(header) == Kind::other)
    return std::string(header);
  return second_word(header);
}

// configparser gives every section the [DEFAULT] keys it lacks, so botocore sees them
// in each section of that same file. Removes [DEFAULT] from `sections` and applies it.
void apply_defaults(std::vector<Section>& sections) {
  const auto defaults = std::find_if(sections.begin(), sections.end(), [](const Section& s) {
    return s.name == default_section_name;
  });
  if (defaults == sections.end())
    return;
  const Section fallback = std::move(*defaults);
  sections.erase(defaults);
  for (Section& section : sections)
    for (const auto& [key, setting] : fallback.settings)
      section.settings.emplace(key, setting);
}

std::vector<Section> parse_with_defaults(std::string_view text, const std::string& path) {
  std::vector<Section> sections = parse_ini(text, path);
  apply_defaults(sections);
  return sections;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Python's os.path.expandvars: `$NAME` / `${NAME}` when set, anything else left as is.
std::string expand_vars(const std::string& path, const util::Environment& env) {
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t end = i + 1;
    std::string name;
    if (path[i] == '$' && end < path.size() && path[end] == '{') {
      const auto close = path.find('}', end);
      if (close != std::string::npos) {
        name = path.substr(end + 1, close - end - 1);
        end = close + 1;
      }
    } else if (path[i] == '$') {
      while (end < path.size() && is_word_char(path[end]))
        ++end;
      name = path.substr(i + 1, end - i - 1);
    }
    const auto value = name.empty() ? std::nullopt : env.get(name);
    out += value ? *value : path.substr(i, end - i);
    i = end;
  }
  return out;
}

// The home directory of `user`, or of the current user when `user` is empty.
std::optional<std::string> password_home(const std::string& user) {
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (user.empty())
    getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found);
  else
    getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (found == nullptr)
    return std::nullopt;
  return std::string(found->pw_dir);
}

// Python's os.path.expanduser: $HOME (even when empty) wins over the password file.
std::string expand_user(const std::string& path, const util::Environment& env) {
  if (!path.starts_with('~'))
    return path;
  const auto slash = std::min(path.find('/', 1), path.size());
  const std::string user = path.substr(1, slash - 1);
  std::optional<std::string> home = user.empty() ? env.get("HOME") : std::nullopt;
  if (!home)
    home = password_home(user);
  if (!home)
    return path;
  while (!home->empty() && home->back() == '/')
    home->pop_back();
  const std::string out = *home + path.substr(slash);
  return out.empty() ? "/" : out;
}

[[noreturn]] void fail_io(const std::string& path, const char* action, int error,
                          const char* variable) {
  throw ConfigError(path + ": cannot " + action + ": " + std::system_category().message(error) +
                    "; fix its permissions or set " + variable + " to a readable file");
}

} // namespace

// The whole file in one buffer. botocore skips anything that is not a regular file, so
// a missing path or AWS_CONFIG_FILE=/dev/null reads as empty; an unreadable file or a
// directory is reported, since botocore silently ignoring it hides the user's mistake.
std::string read_text(const std::string& path, const char* variable) {
  if (path.empty())
    return {};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return {};
    fail_io(path, "open", errno, variable);
  }
  const struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0)
    fail_io(path, "stat", errno, variable);
  if (S_ISDIR(info.st_mode))
    throw ConfigError(path + ": is a directory, not a file; set " + std::string(variable) +
                      " to the file itself");
  if (!S_ISREG(info.st_mode))
    return {};
  // One spare byte lets the first read reach end of file when the size is right.
  std::string text(static_cast<std::size_t>(info.st_size) + 1, '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size())
      text.resize(text.size() * 2);
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n == 0)
      break;
    if (n < 0 && errno != EINTR)
      fail_io(path, "read", errno, variable);
    got += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  text.resize(got);
  return text;
}

namespace {

ConfigFiles assemble(std::vector<Section> config, const std::string& config_path,
                     std::vector<Section> credentials, const std::string& credentials_path) {
  ConfigFiles files;
  files.config_path = config_path;
  files.credentials_path = credentials_path;
  // File order matters: a later [default] / [profile default] replaces the earlier one,
  // as any repeat replaces the earlier section wholesale.
  for (Section& section : config) {
    auto name = name_of(section.name);
    if (!name)
      continue;
    const Kind kind = kind_of(section.name);
    auto& into = kind == Kind::profile       ? files.profiles
                 : kind == Kind::sso_session ? files.sso_sessions
                 : kind == Kind::services    ? files.services
                                             : files.others;
    section.name = *name;
    into.insert_or_assign(std::move(*name), std::move(section));
  }
  // Credentials headers are bare profile names whose keys win one by one.
  for (Section& section : credentials) {
    const auto [it, inserted] = files.profiles.try_emplace(section.name);
    if (inserted) {
      it->second = std::move(section);
      continue;
    }
    for (auto& [key, setting] : section.settings)
      it->second.settings.insert_or_assign(key, std::move(setting));
  }
  return files;
}

// The profiles, sso-sessions and services `profile` can reach through source_profile,
// sso_session and services keys, read from sections that store only those keys.
struct Reach {
  std::set<std::string, std::less<>> profiles, sso_sessions, services;
};

// A profile's sections that name others: its last config-file section, which replaces
// any earlier one wholesale, and its credentials section (one per header), whose keys
// win one by one.
struct Links {
  const Section* config = nullptr;
  const Section* credentials = nullptr;

  // The setting `key` as assemble() leaves it, or null.
  const Setting* find(const std::string& key) const {
    const Setting* setting = credentials == nullptr ? nullptr : credentials->find(key);
    if (setting == nullptr && config != nullptr)
      setting = config->find(key);
    return setting;
  }
};

Reach reach_of(const std::string& profile, const std::vector<Section>& config,
               const std::vector<Section>& credentials) {
  // Sections that name nothing are skipped: a config section without links that
  // replaces one with links leaves the old links followed, which only reads more.
  std::unordered_map<std::string, Links> links;
  for (const Section& section : config)
    if (!section.settings.empty() && kind_of(section.name) == Kind::profile)
      if (auto name = name_of(section.name))
        links[std::move(*name)].config = &section;
  for (const Section& section : credentials)
    if (!section.settings.empty())
      links[section.name].credentials = &section;
  const auto link = [&](const std::string& name, const char* key) -> const Setting* {
    const auto it = links.find(name);
    return it == links.end() ? nullptr : it->second.find(key);
  };
  // Any source_profile is followed: reaching more than the planner walks costs nothing.
  const auto chain = source_chain(
      profile, [&](const std::string& name, bool) { return link(name, "source_profile"); });
  Reach reach;
  for (const auto& name : chain.profiles) {
    reach.profiles.insert(name);
    if (const Setting* session = link(name, "sso_session"))
      reach.sso_sessions.insert(session->value);
    if (const Setting* services = link(name, "services"))
      reach.services.insert(services->value);
  }
  return reach;
}

} // namespace

ConfigFiles build(std::string_view config_text, const std::string& config_path,
                  std::string_view credentials_text, const std::string& credentials_path) {
  // Named, so the config file is read (and its errors reported) before the credentials.
  auto config = parse_with_defaults(config_text, config_path);
  auto credentials = parse_with_defaults(credentials_text, credentials_path);
  return assemble(std::move(config), config_path, std::move(credentials), credentials_path);
}

namespace {

// The text's sections that `wanted` accepts, each read again from its own lines, plus
// [DEFAULT] from `raw`, in file order: what parse_ini would give, minus the others.
std::vector<Section> reread(std::string_view text, const std::string& path,
                            const std::vector<Section>& raw,
                            const std::vector<SectionText>& where,
                            const std::function<bool(const std::string& header)>& wanted) {
  std::vector<Section> kept;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i].name == default_section_name) {
      kept.push_back(raw[i]); // stored whole by the first pass
      continue;
    }
    if (!wanted(raw[i].name))
      continue;
    const auto& lines = where[i];
    auto one = parse_ini(text.substr(lines.begin, lines.end - lines.begin), path, nullptr,
                         nullptr, lines.first_line);
    if (one.size() != 1 || one.front().name != raw[i].name)
      throw NeedsFullParse{};
    kept.push_back(std::move(one.front()));
  }
  apply_defaults(kept);
  return kept;
}

bool has_links(const std::vector<Section>& sections) {
  return std::any_of(sections.begin(), sections.end(), [](const Section& s) {
    return s.name == default_section_name &&
           (s.find("source_profile") || s.find("sso_session") || s.find("services"));
  });
}

} // namespace

ConfigFiles build_for_profile(const std::string& profile, std::string_view config_text,
                              const std::string& config_path, std::string_view credentials_text,
                              const std::string& credentials_path) {
  try {
    // One full, checking pass that stores only the keys naming other sections (and all
    // of [DEFAULT]), and where each section's lines are.
    const SettingFilter links = [](std::string_view header, std::string_view key) {
      return header == default_section_name || key == "source_profile" ||
             key == "sso_session" || key == "services";
    };
    std::vector<SectionText> config_where, credentials_where;
    const auto config = parse_ini(config_text, config_path, &links, &config_where);
    const auto credentials =
        parse_ini(credentials_text, credentials_path, &links, &credentials_where);
    if (has_links(config) || has_links(credentials))
      throw NeedsFullParse{}; // every section would inherit them
    const auto reach = reach_of(profile, config, credentials);
    // Then only the sections the profile reaches are read again, from their own lines.
    const auto config_wanted = [&](const std::string& header) {
      const auto name = name_of(header);
      if (!name)
        return false;
      switch (kind_of(header)) {
      case Kind::profile:
        return reach.profiles.contains(*name);
      case Kind::sso_session:
        return reach.sso_sessions.contains(*name);
      case Kind::services:
        return reach.services.contains(*name);
      case Kind::other:
        break;
      }
      return false;
    };
    const auto credentials_wanted = [&](const std::string& header) {
      return reach.profiles.contains(header);
    };
    auto config_kept = reread(config_text, config_path, config, config_where, config_wanted);
    auto credentials_kept = reread(credentials_text, credentials_path, credentials,
                                   credentials_where, credentials_wanted);
    return assemble(std::move(config_kept), config_path, std::move(credentials_kept),
                    credentials_path);
  } catch (const NeedsFullParse&) {
  } catch (const ConfigError&) {
  }
  // The whole reading decides, and words the error, whenever the filtered one cannot.
  return build(config_text, config_path, credentials_text, credentials_path);
}

std::string expand_path(const std::string& path, const util::Environment& env) {
  return expand_user(expand_vars(path, env), env);
}

std::string config_file_path(const util::Environment& env) {
  return expand_path(env.get("AWS_CONFIG_FILE").value_or("~/.aws/config"), env);
}

std::string credentials_file_path(const util::Environment& env) {
  return expand_path(env.get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), env);
}

std::optional<std::string> profile_of_config_header(std::string_view header) {
  if (kind_of(header) != Kind::profile)
    return std::nullopt;
  return name_of(header);
}

ConfigFiles load(const util::Environment& env) {
  return load_for_profile(env, {});
}

ConfigFiles load_for_profile(const util::Environment& env,
                             const std::optional<std::string>& profile) {
  const std::string config_path = config_file_path(env);
  const std::string credentials_path = credentials_file_path(env);
  const std::string config_text = read_text(config_path, "AWS_CONFIG_FILE");
  const std::string credentials_text =
      read_text(credentials_path, "AWS_SHARED_CREDENTIALS_FILE");
  if (profile)
    return build_for_profile(*profile, config_text, config_path, credentials_text,
                             credentials_path);
  return build(config_text, config_path, credentials_text, credentials_path);
}

} // namespace awsx::config
