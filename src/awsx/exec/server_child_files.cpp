#include "awsx/exec/server_child_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "awsx/config/config_files.hpp"
#include "awsx/exec/default_credentials.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::exec {

namespace {

constexpr const char* web_identity_variables[] = {"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
                                                  "AWS_ROLE_SESSION_NAME"};

// A new 0700 folder, in the first of XDG_RUNTIME_DIR, TMPDIR and /tmp where one can be made.
std::string make_private_folder(const util::Environment& env) {
  std::vector<std::string> bases;
  for (const char* name : {"XDG_RUNTIME_DIR", "TMPDIR"})
    if (auto base = env.get_nonempty(name); base && base->front() == '/')
      bases.push_back(*base);
  bases.emplace_back("/tmp");
  int error = 0;
  for (const auto& base : bases) {
    std::string path = base + "/awsx-ecs-XXXXXX";
    if (::mkdtemp(path.data()) != nullptr)
      return path;
    error = errno;
  }
  throw Error("cannot make a private folder for the --ecs-server command's AWS files in " +
                  util::join(bases, ", ") + ": " + std::system_category().message(error),
              ExitCode::failure, "set TMPDIR to a writable folder");
}

void write_private_file(const std::string& path, const std::string& text) {
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && ::fchmod(fd, 0600) == 0;
  for (std::size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    ok = n > 0 || (n < 0 && errno == EINTR);
    done += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  const int error = errno;
  if (fd >= 0 && ::close(fd) != 0)
    ok = false;
  if (!ok)
    throw Error("cannot write " + path + ": " + std::system_category().message(error));
}

std::string name_of(const std::string& entry) {
  return entry.substr(0, entry.find('='));
}

} // namespace

ServerChildFiles::ServerChildFiles(const util::Environment& env)
    : folder_(make_private_folder(env)) {
  try {
    std::vector<std::string> hidden;
    const auto credentials_path = config::credentials_file_path(env);
    const auto credentials = config::read_text(credentials_path, "AWS_SHARED_CREDENTIALS_FILE");
    if (auto keys =
            default_credential_keys(config::parse_ini(credentials, credentials_path), false);
        !keys.empty())
      hidden.push_back("[default] " + util::join(keys, ", ") + " in " + credentials_path);
    write_private_file(folder_ + "/credentials", "");
    set_.push_back("AWS_SHARED_CREDENTIALS_FILE=" + folder_ + "/credentials");

    const auto config_path = config::config_file_path(env);
    const auto config = config::read_text(config_path, "AWS_CONFIG_FILE");
    if (auto copy = without_default_credentials(config, config_path); copy != config) {
      const auto keys = default_credential_keys(config::parse_ini(config, config_path), true);
      hidden.push_back("[default] " + util::join(keys, ", ") + " in " + config_path);
      write_private_file(folder_ + "/config", copy);
      set_.push_back("AWS_CONFIG_FILE=" + folder_ + "/config");
    }
    if (env.get_nonempty("AWS_WEB_IDENTITY_TOKEN_FILE")) {
      hidden.emplace_back("AWS_WEB_IDENTITY_TOKEN_FILE");
      unset_.assign(std::begin(web_identity_variables), std::end(web_identity_variables));
    }
    if (!hidden.empty())
      note_ = "AWS SDKs would use " + util::join(hidden, "; ") +
              " before the --ecs-server endpoint, so the command runs without them (its AWS "
              "files are in " + folder_ + " until it ends)";
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
    throw;
  }
}

ServerChildFiles::~ServerChildFiles() {
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

void ServerChildFiles::apply(std::vector<std::string>& env) const {
  std::vector<std::string> replaced(unset_);
  for (const auto& entry : set_)
    replaced.push_back(name_of(entry));
  std::erase_if(env, [&](const std::string& entry) {
    return std::find(replaced.begin(), replaced.end(), name_of(entry)) != replaced.end();
  });
  env.insert(env.end(), set_.begin(), set_.end());
}

} // namespace awsx::exec
