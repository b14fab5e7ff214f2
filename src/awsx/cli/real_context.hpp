#pragma once

#include <memory>

#include "awsx/cli/context.hpp"

namespace awsx::cli {

// The real services behind a Context: the process environment, the system clock, the
// configured keyrings, Poco transports, the MFA prompter and real processes.
class RealServices {
public:
  RealServices();
  ~RealServices();
  RealServices(const RealServices&) = delete; // the services refer to env_
  RealServices& operator=(const RealServices&) = delete;

  // The Context of this process, writing to `console`; valid while this object lives.
  Context context(Console& console);

private:
  class Keyrings;
  class Transports;
  class Mfa;
  class Processes;
  util::ProcessEnvironment env_;
  util::SystemClock clock_;
  std::unique_ptr<KeyringOpener> keyrings_;
  std::unique_ptr<TransportFactory> transports_;
  std::unique_ptr<MfaFactory> mfa_;
  std::unique_ptr<Spawner> spawner_;
};

} // namespace awsx::cli
