#pragma once

#include <string>
#include <string_view>

namespace awsx::util {

// How writing a new file went: `error` is 0, or the errno of the step that failed;
// `created` says whether the file could be made at all.
struct NewFile {
  int error = 0;
  bool created = false;
};

// Creates `path`, which must not exist yet and is never followed as a symbolic link,
// with mode 0600 whatever the umask, writes all of `bytes` and, with `sync`, fsyncs it.
// After a failure the file is gone again.
NewFile write_new_private_file(const std::string& path, std::string_view bytes, bool sync);

} // namespace awsx::util
